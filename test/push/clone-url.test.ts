import { describe, expect, it } from 'vitest';
import { checkCloneUrl, expandUrlTemplate } from '../../src/libs/git/clone-url.ts';
import { gitProtocols } from '../../src/libs/git/run-git.ts';
import { branchPush } from '../support/examples.ts';

describe('expandUrlTemplate', () => {
  const payload = branchPush();

  it('walks the payload for each {a/b} placeholder', () => {
    expect(expandUrlTemplate('git@github.com:{repository/full_name}.git', payload)).toBe('git@github.com:Codertocat/Hello-World.git');
    expect(expandUrlTemplate('{repository/clone_url}', payload)).toBe('https://github.com/Codertocat/Hello-World.git');
  });

  it('refuses a placeholder that names no text', () => {
    expect(() => expandUrlTemplate('https://x/{repository/nope}', payload)).toThrow('{repository/nope} is not a text in the payload');
    expect(() => expandUrlTemplate('https://x/{repository}', payload)).toThrow('{repository} is not a text');
  });
});

describe('checkCloneUrl', () => {
  it.each(['https://github.com/acme/site.git', 'ssh://git@github.com/acme/site.git', 'git://example.com/site.git', 'file:///srv/git/site.git', 'git@github.com:acme/site.git', 'github.com:acme/site.git'])(
    'accepts %s',
    (url) => expect(checkCloneUrl(url, gitProtocols)).toBe(url),
  );

  it('accepts only the protocols it is given', () => {
    expect(() => checkCloneUrl('file:///srv/git/site.git', ['https', 'ssh'])).toThrow('clone URL scheme "file" is not allowed (only https, ssh)');
    expect(() => checkCloneUrl('git@github.com:acme/site.git', ['https'])).toThrow('clone URL is ssh (user@host:path), which is not allowed (only https)');
    expect(checkCloneUrl('https://github.com/acme/site.git', ['https'])).toBe('https://github.com/acme/site.git');
  });

  it.each([
    ['ext::sh -c touch% /tmp/x', /whitespace/],
    ['ext::sh%20-c%20touch', /transport helper/],
    ['fd::17', /transport helper/],
    ['--upload-pack=touch', /starts with "-"/],
    ['-x', /starts with "-"/],
    ['http://example.com/site.git', /scheme "http" is not allowed/],
    ['ftp://example.com/site.git', /scheme "ftp"/],
    ['ssh://-oProxyCommand=touch%20x/y', /host or user starts with "-"/],
    ['ssh://-oProxyCommand=x@host/y', /host or user starts with "-"/],
    ['-oProxyCommand=x:y', /starts with "-"/],
    ['host:-x', /neither/],
    ['/srv/git/site.git', /neither/],
    ['https://github.com/a\nb', /control characters/],
  ])('refuses %s', (url, why) => {
    expect(() => checkCloneUrl(url, gitProtocols)).toThrow(why);
  });
});
