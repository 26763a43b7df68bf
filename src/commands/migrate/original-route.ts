/** A delivery as the original saw it: the branch is its own reading (a tag pushed is a branch to it). */
export interface OriginalPlace {
  repository?: string;
  branch?: string;
}

/**
 * The hooks the original genvoy (its main.py) ran for a delivery, in its order: of the names
 * `{event}-{repo}-{branch}`, `all-{repo}-{branch}`, `{event}-{repo}`, `all-{repo}`, `{event}`
 * and `all`, those with an executable file; then, parent by parent, every file whose name
 * starts with the parent's, each once. `files` are the executable files of its hooks folder,
 * sorted (the original took them in directory order; its README says by name); a branch with
 * a `/` names a file in a subfolder (`push-web-feature/login`), which is never a child.
 */
export function originalRoute(files: readonly string[], event: string, { repository, branch }: OriginalPlace): string[] {
  const names: string[] = [];
  if (branch && repository) names.push(`${event}-${repository}-${branch}`, `all-${repository}-${branch}`);
  if (repository) names.push(`${event}-${repository}`, `all-${repository}`);
  names.push(event, 'all');
  const ran = names.filter((name) => files.includes(name));
  for (const parent of [...ran]) {
    for (const file of files) {
      if (!file.includes('/') && file.startsWith(parent) && !ran.includes(file)) ran.push(file);
    }
  }
  return ran;
}
