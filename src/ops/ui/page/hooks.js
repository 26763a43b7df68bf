import { el, when } from './dom.js';

/**
 * The hooks folder as genvoy serves it: each name, its file, module or script, and its last load.
 * @param {{ dir: string, hooks: Array<{ name: string, file: string, kind: 'module' | 'script', loadedAt?: number, error?: string }> }} folder
 * @returns {HTMLElement[]}
 */
export function hookRows({ dir, hooks }) {
  if (hooks.length === 0) return [el('li', { class: 'muted' }, `No hooks in ${dir}.`)];
  return hooks.map((hook) =>
    el(
      'li',
      { class: 'hook' },
      el('span', { class: 'name' }, hook.name),
      el('span', { class: `badge kind-${hook.kind}` }, hook.kind),
      el('code', { class: 'file' }, hook.file.startsWith(`${dir}/`) ? hook.file.slice(dir.length + 1) : hook.file),
      el('span', { class: 'loaded muted' }, hook.kind === 'script' ? 'runs as a process' : hook.loadedAt ? `loaded ${when(hook.loadedAt)}` : 'not loaded yet'),
      hook.error ? el('pre', { class: 'output error' }, hook.error) : undefined,
    ),
  );
}
