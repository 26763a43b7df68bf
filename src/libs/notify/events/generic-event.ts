import { lookupTable } from '../../../base/lookup-table.ts';
import type { Delivery, Description } from './description.ts';
import { counted, inPlace, quoted, sentence, words } from './phrases.ts';

/** The event's own object (`label` of a label event) names the thing: by its name, title or login. */
function thingOf(d: Delivery): string | undefined {
  const key = d.event;
  return d.read.text(`${key}.name`) ?? d.read.text(`${key}.title`) ?? d.read.text(`${key}.login`) ?? d.read.text(`${key}.tag_name`);
}

const installationVerbs: Readonly<Record<string, string>> = lookupTable({ created: 'installed', deleted: 'uninstalled', suspend: 'suspended', unsuspend: 'resumed', new_permissions_accepted: 'accepted new permissions for' });
const sponsorshipVerbs: Readonly<Record<string, string>> = lookupTable({ created: 'started sponsoring', cancelled: 'stopped sponsoring', edited: 'edited the sponsorship of', tier_changed: 'changed the tier of sponsoring', pending_cancellation: 'will stop sponsoring', pending_tier_change: 'will change the tier of sponsoring' });

const openers: Readonly<Record<string, (d: Delivery) => string | undefined>> = lookupTable({
  ping: (d) => sentence('GitHub connected webhook', d.read.text('hook_id'), inPlace(d.where, 'of'), '— it says', quoted(d.read.text('zen'))),
  meta: (d) => sentence(d.actor, 'deleted webhook', d.read.text('hook_id'), inPlace(d.where, 'of')),
  installation: (d) => sentence(d.actor, installationVerbs[d.action ?? ''] ?? `${words(d.action ?? 'changed')} the installation of`, d.read.text('installation.app_slug') ?? 'an app', inPlace(d.read.text('installation.account.login'), 'on')),
  installation_repositories: (d) => {
    const added = d.read.list('repositories_added').length;
    const removed = d.read.list('repositories_removed').length;
    return sentence(d.actor, d.action === 'removed' ? `removed ${counted(removed, 'repository', 'repositories')} from` : `gave access to ${counted(added, 'repository', 'repositories')} to`, d.read.text('installation.app_slug') ?? 'an app', inPlace(d.read.text('installation.account.login'), 'on'));
  },
  github_app_authorization: (d) => sentence(d.actor, 'revoked their authorization of the app'),
  marketplace_purchase: (d) => sentence(d.read.text('marketplace_purchase.account.login') ?? d.actor, words(d.action ?? 'changed'), 'the plan', quoted(d.read.text('marketplace_purchase.plan.name'))),
  sponsorship: (d) => sentence(d.read.text('sponsorship.sponsor.login') ?? d.actor, sponsorshipVerbs[d.action ?? ''] ?? `${words(d.action ?? 'changed')} the sponsorship of`, d.read.text('sponsorship.sponsorable.login'), d.read.text('sponsorship.tier.name') && `(${d.read.text('sponsorship.tier.name')})`),
});

/**
 * Any event without a describer of its own, GitHub's newer ones too: who did what to which
 * thing, where; nothing left dangling when a part is missing.
 */
export function genericEvent(d: Delivery): Description {
  const opener = openers[d.event]?.(d);
  const thing = sentence(words(d.event.replace(/^projects_v2_item$/, 'project item')), quoted(thingOf(d)));
  const title = opener || (d.action ? sentence(d.actor, words(d.action), thing, inPlace(d.where)) : sentence(thing[0]!.toUpperCase() + thing.slice(1), inPlace(d.where), d.actor && `by ${d.actor}`));
  return { title };
}
