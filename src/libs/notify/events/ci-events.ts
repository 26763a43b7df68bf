import { excerpt } from '../text/excerpt.ts';
import { outcomeOf } from './ci-outcome.ts';
import type { Delivery, Describe, Description } from './description.ts';
import { inPlace, quoted, sentence, shortRef, words } from './phrases.ts';

/** `on main`, or nothing. */
const onBranch = (branch: string | undefined) => (branch ? `on ${shortRef(branch)}` : undefined);

/** Where it ran, the commit, who started it: one line under a CI title. */
function details(...parts: Array<string | undefined | false>): Description['body'] {
  const line = parts.filter(Boolean).join(' · ');
  return line ? [{ text: line }] : undefined;
}

function checkRun(d: Delivery): Description {
  const r = d.read;
  const name = quoted(r.text('check_run.name'));
  const branch = onBranch(r.text('check_run.check_suite.head_branch') ?? r.text('check_run.pull_requests.0.head.ref'));
  const outcome = outcomeOf(r.text('check_run.conclusion'));
  const title =
    d.action === 'completed' ? sentence('Check', name, outcome.says, branch, inPlace(d.where))
    : d.action === 'created' ? sentence('Check', name, 'started', branch, inPlace(d.where))
    : d.action === 'requested_action' ? sentence(d.actor, 'asked check', name, 'to', quoted(r.text('requested_action.identifier')) ?? 'act', inPlace(d.where))
    : sentence(d.actor, words(d.action ?? 'updated'), 'check', name, branch, inPlace(d.where));
  const summary = [r.text('check_run.output.title'), excerpt(r.at('check_run.output.summary'))].filter(Boolean).join('\n');
  return {
    title,
    body: summary ? [{ text: summary }] : details(r.text('check_run.app.name') && `by ${r.text('check_run.app.name')}`, r.text('check_run.head_sha') && `commit ${r.text('check_run.head_sha')!.slice(0, 7)}`),
    color: d.action === 'completed' ? outcome.color : undefined,
    url: r.text('check_run.html_url') ?? r.text('check_run.details_url'),
  };
}

function checkSuite(d: Delivery): Description {
  const r = d.read;
  const app = r.text('check_suite.app.name');
  const outcome = outcomeOf(r.text('check_suite.conclusion'));
  const branch = onBranch(r.text('check_suite.head_branch'));
  return {
    title: d.action === 'completed' ? sentence(app ? `Checks by ${app}` : 'Checks', outcome.says, branch, inPlace(d.where)) : sentence(d.actor, words(d.action ?? 'requested'), app ? `checks by ${app}` : 'checks', branch, inPlace(d.where)),
    body: details(r.text('check_suite.head_sha') && `commit ${r.text('check_suite.head_sha')!.slice(0, 7)}`, r.text('check_suite.head_commit.message')?.split('\n')[0]),
    color: d.action === 'completed' ? outcome.color : undefined,
    url: r.text('repository.html_url') && r.text('check_suite.head_sha') ? `${r.text('repository.html_url')}/commit/${r.text('check_suite.head_sha')}/checks` : undefined,
  };
}

function workflowRun(d: Delivery): Description {
  const r = d.read;
  const outcome = outcomeOf(r.text('workflow_run.conclusion'));
  const says = d.action === 'completed' ? outcome.says : d.action === 'requested' ? 'started' : words(d.action ?? 'updated');
  const trigger = r.text('workflow_run.event');
  const by = r.text('workflow_run.triggering_actor.login') ?? r.text('workflow_run.actor.login') ?? d.actor;
  return {
    title: sentence('Workflow', quoted(r.text('workflow_run.name') ?? r.text('workflow.name')), says, onBranch(r.text('workflow_run.head_branch')), inPlace(d.where)),
    body: details(
      r.text('workflow_run.run_number') && `Run #${r.text('workflow_run.run_number')}`,
      r.text('workflow_run.display_title') ?? r.text('workflow_run.head_commit.message')?.split('\n')[0],
      sentence(trigger && `on ${words(trigger)}`, by && `by ${by}`),
    ),
    color: d.action === 'completed' ? outcome.color : undefined,
    url: r.text('workflow_run.html_url'),
  };
}

function workflowJob(d: Delivery): Description {
  const r = d.read;
  const outcome = outcomeOf(d.action === 'completed' ? r.text('workflow_job.conclusion') : d.action);
  const says = d.action === 'in_progress' ? 'started' : d.action === 'waiting' ? 'is waiting for a deployment review' : outcome.says;
  return {
    title: sentence('Job', quoted(r.text('workflow_job.name')), r.text('workflow_job.workflow_name') && `of workflow ${quoted(r.text('workflow_job.workflow_name'))}`, says, onBranch(r.text('workflow_job.head_branch')), inPlace(d.where)),
    body: details(r.text('workflow_job.run_attempt') && Number(r.text('workflow_job.run_attempt')) > 1 && `attempt ${r.text('workflow_job.run_attempt')}`, r.text('workflow_job.runner_name') && `runner ${r.text('workflow_job.runner_name')}`),
    color: d.action === 'completed' || d.action === 'waiting' ? outcome.color : undefined,
    url: r.text('workflow_job.html_url'),
  };
}

function status(d: Delivery): Description {
  const r = d.read;
  const outcome = outcomeOf(r.text('state'));
  const sha = r.text('sha')?.slice(0, 7);
  const branches = r.list('branches').map((b) => (b as { name?: unknown }).name).filter((n): n is string => typeof n === 'string');
  return {
    title: sentence('Status', quoted(r.text('context')), outcome.says, sha && `for commit ${sha}`, branches.length === 1 && `on ${branches[0]}`, inPlace(d.where)),
    body: details(r.text('description'), r.text('commit.commit.message')?.split('\n')[0]),
    color: outcome.color,
    url: r.text('target_url') ?? r.text('commit.html_url'),
  };
}

function deployment(d: Delivery): Description {
  const r = d.read;
  return {
    title: sentence(d.actor ?? 'GitHub', 'started a deployment of', shortRef(r.text('deployment.ref')) ?? 'a commit', r.text('deployment.environment') && `to ${r.text('deployment.environment')}`, inPlace(d.where)),
    body: details(r.text('deployment.description'), r.text('workflow_run.name') && `workflow ${quoted(r.text('workflow_run.name'))}`),
    url: r.text('workflow_run.html_url') ?? (r.text('repository.html_url') && `${r.text('repository.html_url')}/deployments`),
  };
}

function deploymentStatus(d: Delivery): Description {
  const r = d.read;
  const outcome = outcomeOf(r.text('deployment_status.state'));
  const environment = r.text('deployment_status.environment') ?? r.text('deployment.environment');
  return {
    title: sentence('Deployment of', shortRef(r.text('deployment.ref')) ?? 'a commit', environment && `to ${environment}`, outcome.says === 'passed' ? 'succeeded' : outcome.says, inPlace(d.where)),
    body: details(r.text('deployment_status.description'), r.text('deployment_status.creator.login') && `by ${r.text('deployment_status.creator.login')}`),
    color: outcome.color,
    url: r.text('deployment_status.target_url') ?? r.text('deployment_status.log_url') ?? r.text('workflow_run.html_url') ?? (r.text('repository.html_url') && `${r.text('repository.html_url')}/deployments`),
  };
}

function deploymentReview(d: Delivery): Description {
  const r = d.read;
  const environment = r.text('environment') ?? r.text('workflow_job_run.environment');
  const reviewers = r.list('reviewers').map((x) => (x as { reviewer?: { login?: string; name?: string } }).reviewer).map((who) => who?.login ?? who?.name).filter(Boolean);
  const says = d.action === 'requested' ? 'waits for a review' : d.action === 'approved' ? 'was approved' : d.action === 'rejected' ? 'was rejected' : words(d.action ?? 'updated');
  return {
    title: sentence('Deployment', environment && `to ${environment}`, says, inPlace(d.where)),
    body: details(r.text('workflow_run.name') && `workflow ${quoted(r.text('workflow_run.name'))}`, reviewers.length > 0 && `reviewers: ${reviewers.join(', ')}`, r.text('requestor.login') && `requested by ${r.text('requestor.login')}`),
    color: d.action === 'requested' ? 'warning' : d.action === 'rejected' ? 'attention' : undefined,
    url: r.text('workflow_run.html_url'),
  };
}

function mergeGroup(d: Delivery): Description {
  const r = d.read;
  return {
    title: sentence('Merge queue', d.action === 'checks_requested' ? 'asked for checks' : words(d.action ?? 'updated'), onBranch(r.text('merge_group.base_ref')), inPlace(d.where)),
    body: details(r.text('merge_group.head_commit.message')?.split('\n')[0]),
    url: r.text('repository.html_url') && `${r.text('repository.html_url')}/queue/${shortRef(r.text('merge_group.base_ref')) ?? ''}`,
  };
}

function pageBuild(d: Delivery): Description {
  const r = d.read;
  const failed = r.text('build.status') === 'errored';
  return {
    title: sentence('GitHub Pages build', failed ? 'failed' : r.text('build.status') === 'built' ? 'published the site' : words(r.text('build.status') ?? 'ran'), inPlace(d.where)),
    body: details(r.text('build.error.message'), r.text('build.pusher.login') && `pushed by ${r.text('build.pusher.login')}`),
    color: failed ? 'attention' : undefined,
    url: r.text('repository.html_url') && `${r.text('repository.html_url')}/settings/pages`,
  };
}

/** Checks, workflows, statuses, deployments, the merge queue and Pages builds. */
export const ciEvents: Record<string, Describe> = {
  check_run: checkRun,
  check_suite: checkSuite,
  workflow_run: workflowRun,
  workflow_job: workflowJob,
  status,
  deployment,
  deployment_status: deploymentStatus,
  deployment_review: deploymentReview,
  merge_group: mergeGroup,
  page_build: pageBuild,
};
