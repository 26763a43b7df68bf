import { safeUrl, type Span } from '../message.ts';
import { lookupTable } from '../../../base/lookup-table.ts';
import { bodyOf } from './body-of.ts';
import type { Delivery, Describe, Description } from './description.ts';
import { counted, inPlace, quoted, sentence, shortRef, subjectLine, words } from './phrases.ts';

/** A push card lists this many commits, each linked; the rest are counted. */
const commitsShown = 5;

function push(d: Delivery): Description {
  const r = d.read;
  const ref = r.text('ref') ?? '';
  const name = shortRef(ref);
  const tag = ref.startsWith('refs/tags/');
  const commits = r.list('commits') as Array<{ id?: string; message?: string; url?: string; author?: { name?: string; username?: string } }>;
  const actor = r.text('pusher.name') ?? d.actor;
  const forced = r.bool('forced');
  let what: string;
  if (r.bool('deleted')) what = sentence('deleted', tag ? 'tag' : 'branch', name);
  else if (tag) what = sentence('pushed tag', name);
  else if (r.bool('created') && commits.length === 0) what = sentence('created branch', name);
  else what = sentence(forced ? 'force-pushed' : 'pushed', counted(commits.length, 'commit'), 'to', name);
  const body: Span[] = [];
  for (const [i, c] of commits.slice(0, commitsShown).entries()) {
    const url = safeUrl(c.url);
    body.push({ text: `${i ? '\n' : ''}• ` }, { text: (c.id ?? '').slice(0, 7), href: url }, { text: ` ${subjectLine(c.message)}${c.author?.name ? ` — ${c.author.name}` : ''}` });
  }
  if (commits.length > commitsShown) body.push({ text: `\nand ${counted(commits.length - commitsShown, 'more commit')}` });
  return {
    title: sentence(actor, what, inPlace(d.where)),
    body: body.length ? body : undefined,
    color: forced || r.bool('deleted') ? 'warning' : undefined,
    url: r.text('compare') ?? r.text('repository.html_url'),
  };
}

function createOrDelete(verb: 'created' | 'deleted'): Describe {
  return (d) => {
    const r = d.read;
    const base = r.text('repository.html_url');
    return {
      title: sentence(d.actor, verb, r.text('ref_type') ?? 'ref', r.text('ref'), inPlace(d.where)),
      color: verb === 'deleted' ? 'warning' : undefined,
      url: verb === 'created' && base && r.text('ref') ? `${base}/tree/${encodeURIComponent(r.text('ref')!)}` : base,
    };
  };
}

const releaseVerbs: Readonly<Record<string, string>> = lookupTable({ prereleased: 'published', released: 'published' });

function release(d: Delivery): Description {
  const r = d.read;
  const tag = r.text('release.tag_name');
  const name = r.text('release.name');
  return {
    title: sentence(d.actor, releaseVerbs[d.action ?? ''] ?? words(d.action ?? 'updated'), r.bool('release.prerelease') ? 'pre-release' : 'release', tag, name && name !== tag && quoted(name), inPlace(d.where)),
    body: d.action === 'published' || d.action === 'released' || d.action === 'created' || d.action === 'prereleased' ? bodyOf(r.at('release.body')) : undefined,
    color: d.action === 'published' || d.action === 'released' ? 'accent' : undefined,
    url: r.text('release.html_url'),
  };
}

function star(d: Delivery): Description {
  const r = d.read;
  const stars = r.num('repository.stargazers_count');
  const starred = d.action !== 'deleted';
  return {
    title: sentence(d.actor, starred ? 'starred' : 'unstarred', d.where),
    body: stars === undefined ? undefined : [{ text: `now ${counted(stars, 'star')}` }],
    url: r.text('repository.html_url'),
    tally: { key: `star.${d.action}\0${d.where}`, many: sentence(starred ? 'new stars on' : `stars taken back from`, d.where), icon: '⭐' },
  };
}

function watch(d: Delivery): Description {
  return {
    title: sentence(d.actor, 'started watching', d.where),
    url: d.read.text('repository.html_url'),
    tally: { key: `watch\0${d.where}`, many: sentence('new watchers of', d.where), icon: '👀' },
  };
}

function fork(d: Delivery): Description {
  const r = d.read;
  return {
    title: sentence(d.actor, 'forked', d.where, inPlace(r.text('forkee.full_name'), 'to')),
    url: r.text('forkee.html_url'),
    tally: { key: `fork\0${d.where}`, many: sentence('new forks of', d.where), icon: '🍴' },
  };
}

function gollum(d: Delivery): Description {
  const r = d.read;
  const pages = r.list('pages') as Array<{ title?: string; action?: string; html_url?: string }>;
  const verbs = [...new Set(pages.map((p) => p.action ?? 'edited'))];
  return {
    title: sentence(d.actor, verbs.join(' and ') || 'edited', pages.length === 1 ? sentence('wiki page', quoted(pages[0]!.title)) : counted(pages.length, 'wiki page'), inPlace(d.where)),
    body: pages.length > 1 ? pages.slice(0, commitsShown).flatMap((p, i): Span[] => [{ text: `${i ? '\n' : ''}• ` }, { text: p.title ?? 'page', href: safeUrl(p.html_url) }]) : undefined,
    url: pages.length === 1 ? pages[0]!.html_url : r.text('repository.html_url') && `${r.text('repository.html_url')}/wiki`,
  };
}

const repositoryVerbs: Readonly<Record<string, string>> = lookupTable({ publicized: 'made {} public', privatized: 'made {} private', created: 'created repository {}', deleted: 'deleted repository {}', archived: 'archived {}', unarchived: 'unarchived {}', edited: 'edited the settings of {}', transferred: 'transferred {}' });

function repository(d: Delivery): Description {
  const r = d.read;
  const name = r.text('repository.full_name');
  const verb = d.action === 'renamed' ? `renamed ${r.text(`changes.repository.name.from`) ?? 'a repository'} to {}` : (repositoryVerbs[d.action ?? ''] ?? `${words(d.action ?? 'changed')} {}`);
  return {
    title: sentence(d.actor, name ? verb.replace('{}', name) : verb.replace(/(repository )?\{\}/, 'a repository')),
    color: ['deleted', 'publicized', 'privatized', 'transferred', 'archived'].includes(d.action ?? '') ? 'attention' : undefined,
    url: r.text('repository.html_url'),
  };
}

function publicized(d: Delivery): Description {
  return { title: sentence(d.actor, 'made', d.where ?? 'a repository', 'public'), color: 'attention', url: d.read.text('repository.html_url') };
}

function packageEvent(d: Delivery): Description {
  const r = d.read;
  const version = r.text('package.package_version.version') ?? r.text('package.package_version.name');
  return {
    title: sentence(d.actor, words(d.action ?? 'updated'), 'package', r.text('package.name'), version, inPlace(d.where)),
    url: r.text('package.package_version.html_url') ?? r.text('package.html_url'),
  };
}

function repositoryDispatch(d: Delivery): Description {
  return { title: sentence(d.actor, 'sent the dispatch', quoted(d.action), 'to', d.where ?? 'a repository'), url: d.read.text('repository.html_url') };
}

function workflowDispatch(d: Delivery): Description {
  const r = d.read;
  const file = r.text('workflow')?.split('/').pop();
  return { title: sentence(d.actor, 'started workflow', quoted(file), r.text('ref') && `on ${shortRef(r.text('ref'))}`, inPlace(d.where)), url: r.text('repository.html_url') && `${r.text('repository.html_url')}/actions` };
}

function repositoryImport(d: Delivery): Description {
  const r = d.read;
  const status = r.text('status');
  return {
    title: sentence('Import into', d.where ?? 'a repository', status === 'success' ? 'succeeded' : status === 'failure' ? 'failed' : status === 'cancelled' ? 'was cancelled' : words(status ?? 'changed')),
    color: status === 'failure' ? 'attention' : undefined,
    url: r.text('repository.html_url'),
  };
}

/** Pushes, branches and tags, releases, stars, forks, the wiki, repositories and packages. */
export const codeEvents: Record<string, Describe> = {
  push,
  create: createOrDelete('created'),
  delete: createOrDelete('deleted'),
  release,
  star,
  watch,
  fork,
  gollum,
  repository,
  public: publicized,
  package: packageEvent,
  registry_package: packageEvent,
  repository_dispatch: repositoryDispatch,
  workflow_dispatch: workflowDispatch,
  repository_import: repositoryImport,
};
