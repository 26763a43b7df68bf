import { excerpt } from '../text/excerpt.ts';
import { lookupTable } from '../../../base/lookup-table.ts';
import { bodyOf } from './body-of.ts';
import type { Delivery, Describe, Description } from './description.ts';
import { inPlace, quoted, sentence, words } from './phrases.ts';

/** What an action on an issue or pull request says: "labeled … with "bug"", "assigned octocat to …". */
function verbFor(d: Delivery, kind: 'issue' | 'pull_request'): { verb: string; after?: string } {
  const r = d.read;
  switch (d.action) {
    case 'labeled':
      return { verb: 'labeled', after: r.text('label.name') && `with ${quoted(r.text('label.name'))}` };
    case 'unlabeled':
      return { verb: `removed the label ${quoted(r.text('label.name')) ?? ''} from` };
    case 'assigned':
      return { verb: r.text('assignee.login') && r.text('assignee.login') !== d.actor ? `assigned ${r.text('assignee.login')} to` : 'assigned themselves to' };
    case 'unassigned':
      return { verb: r.text('assignee.login') ? `unassigned ${r.text('assignee.login')} from` : 'unassigned' };
    case 'milestoned':
      return { verb: 'added', after: sentence('to milestone', quoted(r.text(`${kind}.milestone.title`) ?? r.text('milestone.title'))) };
    case 'demilestoned':
      return { verb: 'removed', after: 'from its milestone' };
    case 'review_requested':
      return { verb: `requested a review from ${r.text('requested_reviewer.login') ?? r.text('requested_team.name') ?? 'a reviewer'} on` };
    case 'review_request_removed':
      return { verb: `withdrew the review request for ${r.text('requested_reviewer.login') ?? r.text('requested_team.name') ?? 'a reviewer'} on` };
    case 'synchronize':
      return { verb: 'pushed to' };
    case 'converted_to_draft':
      return { verb: 'turned', after: 'into a draft' };
    case 'ready_for_review':
      return { verb: 'marked', after: 'ready for review' };
    case 'closed':
      return { verb: kind === 'pull_request' && r.bool('pull_request.merged') ? 'merged' : 'closed' };
    case 'transferred':
      return { verb: 'transferred', after: inPlace(r.text('changes.new_repository.full_name'), 'to') };
    default:
      return { verb: words(d.action ?? 'updated') };
  }
}

const issueColor: Readonly<Record<string, string>> = lookupTable({ opened: 'good', reopened: 'good' });

function issues(d: Delivery): Description {
  const r = d.read;
  const { verb, after } = verbFor(d, 'issue');
  return {
    title: sentence(d.actor, verb, `issue #${r.text('issue.number') ?? '?'}`, quoted(r.text('issue.title')), after, inPlace(d.where)),
    body: d.action === 'opened' ? bodyOf(r.at('issue.body')) : undefined,
    color: issueColor[d.action ?? ''],
    url: r.text('issue.html_url'),
  };
}

function pullRequest(d: Delivery): Description {
  const r = d.read;
  const { verb, after } = verbFor(d, 'pull_request');
  const merged = d.action === 'closed' && r.bool('pull_request.merged');
  const branches = r.text('pull_request.head.label') && r.text('pull_request.base.ref') ? `${r.text('pull_request.head.label')} → ${r.text('pull_request.base.ref')}` : undefined;
  const text = d.action === 'opened' ? excerpt(r.at('pull_request.body')) : '';
  return {
    title: sentence(d.actor, verb, `pull request #${r.text('pull_request.number') ?? r.text('number') ?? '?'}`, quoted(r.text('pull_request.title')), after, inPlace(d.where)),
    body: d.action === 'opened' && (branches || text) ? [{ text: [branches, text].filter(Boolean).join('\n') }] : undefined,
    color: merged ? 'accent' : issueColor[d.action ?? ''],
    url: r.text('pull_request.html_url'),
  };
}

const reviewVerbs: Readonly<Record<string, { verb: string; color?: string }>> = lookupTable({
  approved: { verb: 'approved', color: 'good' },
  changes_requested: { verb: 'requested changes on', color: 'warning' },
  commented: { verb: 'reviewed' },
});

function pullRequestReview(d: Delivery): Description {
  const r = d.read;
  const state = r.text('review.state')?.toLowerCase();
  const said = d.action === 'submitted' ? (reviewVerbs[state ?? ''] ?? { verb: 'reviewed' }) : { verb: `${words(d.action ?? 'updated')} a review on` };
  return {
    title: sentence(d.actor, said.verb, `pull request #${r.text('pull_request.number') ?? '?'}`, quoted(r.text('pull_request.title')), inPlace(d.where)),
    body: d.action === 'submitted' ? bodyOf(r.at('review.body')) : undefined,
    color: d.action === 'submitted' ? said.color : undefined,
    url: r.text('review.html_url') ?? r.text('pull_request.html_url'),
  };
}

/** A comment's verb: "commented on", "edited a comment on", "deleted a comment on". */
function commentVerb(action: string | undefined): string {
  return action === 'created' || action === undefined ? 'commented on' : `${words(action)} a comment on`;
}

function issueComment(d: Delivery): Description {
  const r = d.read;
  const kind = r.at('issue.pull_request') ? 'pull request' : 'issue';
  return {
    title: sentence(d.actor, commentVerb(d.action), `${kind} #${r.text('issue.number') ?? '?'}`, quoted(r.text('issue.title')), inPlace(d.where)),
    body: d.action === 'deleted' ? undefined : bodyOf(r.at('comment.body')),
    url: r.text('comment.html_url') ?? r.text('issue.html_url'),
  };
}

function reviewComment(d: Delivery): Description {
  const r = d.read;
  const file = r.text('comment.path');
  return {
    title: sentence(d.actor, commentVerb(d.action), `pull request #${r.text('pull_request.number') ?? '?'}`, quoted(r.text('pull_request.title')), inPlace(d.where)),
    body: d.action === 'deleted' ? undefined : [{ text: [file && `On ${file}:`, excerpt(r.at('comment.body'))].filter(Boolean).join('\n') }],
    url: r.text('comment.html_url') ?? r.text('pull_request.html_url'),
  };
}

function reviewThread(d: Delivery): Description {
  const r = d.read;
  return {
    title: sentence(d.actor, words(d.action ?? 'updated'), 'a review thread on', `pull request #${r.text('pull_request.number') ?? '?'}`, quoted(r.text('pull_request.title')), inPlace(d.where)),
    url: r.text('pull_request.html_url'),
  };
}

function commitComment(d: Delivery): Description {
  const r = d.read;
  return {
    title: sentence(d.actor, commentVerb(d.action), `commit ${r.text('comment.commit_id')?.slice(0, 7) ?? ''}`, inPlace(d.where)),
    body: bodyOf(r.at('comment.body')),
    url: r.text('comment.html_url'),
  };
}

const discussionVerbs: Readonly<Record<string, string>> = lookupTable({ created: 'started', answered: 'marked an answer on', unanswered: 'unmarked the answer on', category_changed: 'moved', pinned: 'pinned', transferred: 'transferred' });

function discussion(d: Delivery): Description {
  const r = d.read;
  const verb = discussionVerbs[d.action ?? ''] ?? verbFor(d, 'issue').verb;
  const after = d.action === 'category_changed' ? sentence('to', quoted(r.text('discussion.category.name'))) : d.action === 'labeled' && r.text('label.name') ? sentence('with', quoted(r.text('label.name'))) : undefined;
  return {
    title: sentence(d.actor, verb, `discussion #${r.text('discussion.number') ?? '?'}`, quoted(r.text('discussion.title')), after, inPlace(d.where)),
    body: d.action === 'created' ? bodyOf(r.at('discussion.body')) : d.action === 'answered' ? bodyOf(r.at('answer.body')) : undefined,
    color: d.action === 'answered' ? 'good' : undefined,
    url: r.text('answer.html_url') ?? r.text('discussion.html_url'),
  };
}

function discussionComment(d: Delivery): Description {
  const r = d.read;
  return {
    title: sentence(d.actor, commentVerb(d.action), `discussion #${r.text('discussion.number') ?? '?'}`, quoted(r.text('discussion.title')), inPlace(d.where)),
    body: d.action === 'deleted' ? undefined : bodyOf(r.at('comment.body')),
    url: r.text('comment.html_url') ?? r.text('discussion.html_url'),
  };
}

/** Issues, pull requests, reviews, comments and discussions. */
export const conversationEvents: Record<string, Describe> = {
  issues,
  pull_request: pullRequest,
  pull_request_review: pullRequestReview,
  pull_request_review_comment: reviewComment,
  pull_request_review_thread: reviewThread,
  issue_comment: issueComment,
  commit_comment: commitComment,
  discussion,
  discussion_comment: discussionComment,
};
