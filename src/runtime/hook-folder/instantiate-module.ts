import Module, { createRequire } from 'node:module';

// Stack traces of hooks point at their .ts lines.
process.setSourceMapsEnabled(true);

const requireFromGenvoy = createRequire(import.meta.url);

/**
 * Runs a bundled hook module (bundleModule's text) and returns its exports; in a hook
 * thread, since this runs the hook's top level. Module#_compile, unlike import() (the ESM
 * module map), vm.Script (V8's compilation cache) or tsx namespaces, keeps nothing of an
 * old version reachable, so a thousand reloads do not grow memory. npm packages are
 * required from the hook's folder, then from genvoy's; `provided` serves modules by id.
 */
export function instantiateModule(file: string, code: string, provided: Readonly<Record<string, unknown>>): Record<string, unknown> {
  const requireHere = createRequire(file);
  const load = (id: string): unknown => {
    if (Object.hasOwn(provided, id)) return provided[id];
    try {
      return requireHere(id);
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'MODULE_NOT_FOUND') throw err;
      return requireFromGenvoy(id);
    }
  };
  const module = new Module(file);
  module.filename = file;
  module.require = Object.assign(load, requireHere) as NodeJS.Require;
  (module as unknown as { _compile(code: string, file: string): void })._compile(code, file);
  return module.exports as Record<string, unknown>;
}
