import type { Notice } from '../notify/notice.ts';
import type { Finding } from '../secrets/find-secrets.ts';

/** At most this many findings are listed in the alert; the rest are counted. */
const listed = 20;

export interface PushFacts {
  repository: string;
  ref: string;
  pusher?: string;
  compare?: string;
}

/** One alert for all findings of a push. Only redacted secrets are in it. */
export function secretAlert(push: PushFacts, findings: readonly Finding[], targets?: string[]): Notice {
  const count = findings.length === 1 ? 'a possible secret' : `${findings.length} possible secrets`;
  const facts = findings.slice(0, listed).map((f) => ({ title: `${f.file}:${f.line}`, value: `${f.description} (${f.rule}) ${f.secret} in ${f.commit.slice(0, 7)}` }));
  if (findings.length > listed) facts.push({ title: 'more', value: `${findings.length - listed} more findings in genvoy's answer and log` });
  const branch = push.ref.replace(/^refs\/(?:heads|tags)\//, '');
  return {
    event: 'push',
    repository: push.repository,
    title: `Secret scan: ${count} pushed to ${push.repository}`,
    text: `${push.pusher ?? 'Someone'} pushed ${count} to ${branch}. Revoke each one that is real: removing it from the history does not make it secret again.`,
    color: 'attention',
    facts,
    ...(push.compare ? { url: push.compare } : {}),
    ...(targets ? { targets } : {}),
  };
}
