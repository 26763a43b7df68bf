import { build, type Message } from 'esbuild';
import Module, { createRequire } from 'node:module';
import { dirname, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';

export interface CompiledModule {
  exports: Record<string, unknown>;
  /** Every local file bundled into it (the hook and the helpers it imports), absolute. */
  inputs: string[];
}

// Stack traces of hooks point at their .ts lines.
process.setSourceMapsEnabled(true);

const requireFromGenvoy = createRequire(import.meta.url);

/**
 * Loads a hook module (TypeScript or JavaScript, ESM or CJS) afresh, for hot reload.
 * esbuild bundles the hook with its local helpers into CommonJS, which is run with
 * Module#_compile: unlike import() (the ESM module map), vm.Script (V8's compilation
 * cache) or tsx namespaces, nothing of an old version stays reachable, so a thousand
 * reloads do not grow memory. npm packages stay external and are required from the
 * hook's folder, then from genvoy's; `provided` serves modules by id (`genvoy` itself).
 */
export async function compileModule(file: string, provided: Readonly<Record<string, unknown>>): Promise<CompiledModule> {
  const folder = dirname(file);
  const fileUrl = pathToFileURL(file).href;
  const result = await build({
    entryPoints: [file],
    absWorkingDir: folder,
    bundle: true,
    packages: 'external',
    external: Object.keys(provided),
    format: 'cjs',
    platform: 'node',
    target: 'node20',
    write: false,
    sourcemap: 'inline',
    metafile: true,
    logLevel: 'silent',
    define: {
      'import.meta.url': JSON.stringify(fileUrl),
      'import.meta.filename': JSON.stringify(file),
      'import.meta.dirname': JSON.stringify(folder),
    },
  }).catch((err: { errors?: Message[] }) => {
    throw new Error(err.errors?.length ? err.errors.map(describe).join('\n') : String(err));
  });

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
  (module as unknown as { _compile(code: string, file: string): void })._compile(result.outputFiles[0]!.text, file);

  return {
    exports: module.exports as Record<string, unknown>,
    inputs: Object.keys(result.metafile.inputs).map((input) => resolve(folder, input)),
  };
}

function describe(message: Message): string {
  const at = message.location ? `${message.location.file}:${message.location.line}:${message.location.column}: ` : '';
  return `${at}${message.text}`;
}
