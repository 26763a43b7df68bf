import { lookupTable } from '../../../base/lookup-table.ts';
import type { Delivery, Describe, Description } from './description.ts';
import { inPlace, quoted, sentence, words } from './phrases.ts';

/** Open an alert's, advisory's or rule's severity colour from the action: new or back is red, gone is quiet. */
const alarming = (action: string | undefined) => ['created', 'reopened', 'appeared_in_branch', 'reopened_by_user', 'published', 'create'].includes(action ?? '');

function alert(kind: string, subject: (d: Delivery) => string | undefined): Describe {
  return (d) => {
    const r = d.read;
    return {
      title: sentence(`${kind} #${r.text('alert.number') ?? '?'}`, quoted(subject(d)), actionSays(d.action), inPlace(d.where)),
      body: details(d),
      color: alarming(d.action) ? 'attention' : undefined,
      url: r.text('alert.html_url') ?? (r.text('repository.html_url') && `${r.text('repository.html_url')}/security`),
    };
  };
}

/** `fixed`, `was closed by a user`: an alert's action as the end of a sentence. */
function actionSays(action: string | undefined): string {
  const said: Readonly<Record<string, string>> = lookupTable({ created: 'was found', reopened: 'was reopened', reopened_by_user: 'was reopened', closed_by_user: 'was closed', fixed: 'was fixed', dismissed: 'was dismissed', auto_dismissed: 'was dismissed', resolved: 'was resolved', appeared_in_branch: 'appeared in a branch', published: 'was published', updated: 'was updated', withdrawn: 'was withdrawn', create: 'was found', dismiss: 'was dismissed', resolve: 'was resolved' });
  return said[action ?? ''] ?? words(action ?? 'changed');
}

function details(d: Delivery): Description['body'] {
  const r = d.read;
  const parts = [
    r.text('alert.security_advisory.severity') ?? r.text('alert.rule.security_severity_level') ?? r.text('alert.rule.severity') ?? r.text('alert.severity'),
    r.text('alert.dependency.package.name') ?? r.text('alert.affected_package_name'),
    r.text('alert.tool.name'),
    r.text('alert.most_recent_instance.location.path'),
  ].filter(Boolean);
  return parts.length ? [{ text: parts.join(' · ') }] : undefined;
}

function advisory(key: 'security_advisory' | 'repository_advisory'): Describe {
  return (d) => {
    const r = d.read;
    return {
      title: sentence('Advisory', r.text(`${key}.ghsa_id`), quoted(r.text(`${key}.summary`)), actionSays(d.action), inPlace(d.where)),
      body: r.text(`${key}.severity`) ? [{ text: `severity ${r.text(`${key}.severity`)}` }] : undefined,
      color: d.action === 'withdrawn' ? undefined : 'attention',
      url: r.text(`${key}.html_url`) ?? (r.text(`${key}.ghsa_id`) && `https://github.com/advisories/${r.text(`${key}.ghsa_id`)}`),
    };
  };
}

function deployKey(d: Delivery): Description {
  const r = d.read;
  const write = r.at('key.read_only') === false;
  return {
    title: sentence(d.actor, d.action === 'deleted' ? 'removed deploy key' : 'added deploy key', quoted(r.text('key.title')), write && 'with write access', inPlace(d.where, d.action === 'deleted' ? `from` : 'to')),
    color: d.action === 'created' && write ? 'attention' : undefined,
    url: r.text('repository.html_url') && `${r.text('repository.html_url')}/settings/keys`,
  };
}

function branchProtection(d: Delivery): Description {
  const r = d.read;
  return {
    title: sentence(d.actor, words(d.action ?? 'changed'), 'branch protection', quoted(r.text('rule.name')), inPlace(d.where)),
    color: d.action === 'deleted' ? 'attention' : 'warning',
    url: r.text('repository.html_url') && `${r.text('repository.html_url')}/settings/branches`,
  };
}

function member(d: Delivery): Description {
  const r = d.read;
  const who = r.text('member.login') ?? 'someone';
  const title =
    d.action === 'added' ? sentence(d.actor, 'added', who, 'as a collaborator', inPlace(d.where, 'to'))
    : d.action === 'removed' ? sentence(d.actor, 'removed collaborator', who, inPlace(d.where, `from`))
    : sentence(d.actor, 'changed the access of', who, inPlace(d.where, 'to'));
  return { title, color: 'warning', url: r.text('repository.html_url') && `${r.text('repository.html_url')}/settings/access` };
}

function membership(d: Delivery): Description {
  const r = d.read;
  const who = r.text('member.login') ?? 'someone';
  const team = r.text('team.name');
  return {
    title: sentence(d.actor, d.action === 'removed' ? 'removed' : 'added', who, d.action === 'removed' ? `from` : 'to', team ? `team ${quoted(team)}` : 'a team', inPlace(d.where)),
    url: r.text('team.html_url'),
  };
}

function team(d: Delivery): Description {
  const r = d.read;
  const name = r.text('team.name') ? `team ${quoted(r.text('team.name'))}` : 'a team';
  const title =
    d.action === 'added_to_repository' ? sentence(d.actor, 'gave', name, 'access to', r.text('repository.full_name') ?? 'a repository')
    : d.action === 'removed_from_repository' ? sentence(d.actor, 'took away the access of', name, 'to', r.text('repository.full_name') ?? 'a repository')
    : sentence(d.actor, words(d.action ?? 'changed'), name, inPlace(r.text('organization.login')));
  return { title, url: r.text('team.html_url') };
}

function teamAdd(d: Delivery): Description {
  const r = d.read;
  return { title: sentence(r.text('team.name') ? `Team ${quoted(r.text('team.name'))}` : 'A team', 'was given access to', d.where ?? 'a repository'), url: r.text('team.html_url') };
}

function organization(d: Delivery): Description {
  const r = d.read;
  const who = r.text('membership.user.login') ?? r.text('invitation.login') ?? r.text('user.login');
  const org = r.text('organization.login');
  const said: Readonly<Record<string, string | undefined>> = lookupTable({
    member_added: sentence(who, 'joined', org),
    member_removed: sentence(d.actor, 'removed', who, inPlace(org, `from`)),
    member_invited: sentence(d.actor, 'invited', who ?? r.text('invitation.email') ?? 'someone', inPlace(org, 'to')),
    renamed: sentence(d.actor, 'renamed organization', r.text(`changes.login.from`), org ? `to ${org}` : 'anew'),
    deleted: sentence(d.actor, 'deleted organization', org),
  });
  return { title: said[d.action ?? ''] ?? sentence(d.actor, words(d.action ?? 'changed'), 'organization', org), url: r.text('organization.html_url') ?? (org && `https://github.com/${org}`) };
}

function orgBlock(d: Delivery): Description {
  const r = d.read;
  return { title: sentence(d.actor, d.action === 'unblocked' ? 'unblocked' : 'blocked', r.text('blocked_user.login') ?? 'a user', inPlace(r.text('organization.login'))), color: d.action === 'blocked' ? 'warning' : undefined, url: r.text('blocked_user.html_url') };
}

/** Alerts, advisories, keys, branch protection, collaborators, teams and organisations. */
export const accessEvents: Record<string, Describe> = {
  code_scanning_alert: alert('Code scanning alert', (d) => d.read.text('alert.rule.description') ?? d.read.text('alert.rule.name')),
  secret_scanning_alert: alert('Secret scanning alert', (d) => d.read.text('alert.secret_type_display_name') ?? d.read.text('alert.secret_type')),
  dependabot_alert: alert('Dependabot alert', (d) => d.read.text('alert.security_advisory.summary')),
  repository_vulnerability_alert: (d) => ({ ...alert('Vulnerability alert', (x) => x.read.text('alert.affected_package_name'))(d), title: sentence('Vulnerability alert for', quoted(d.read.text('alert.affected_package_name')), d.read.text('alert.external_identifier') && `(${d.read.text('alert.external_identifier')})`, actionSays(d.action), inPlace(d.where)) }),
  security_advisory: advisory('security_advisory'),
  repository_advisory: advisory('repository_advisory'),
  deploy_key: deployKey,
  branch_protection_rule: branchProtection,
  member,
  membership,
  team,
  team_add: teamAdd,
  organization,
  org_block: orgBlock,
};
