import { dirname, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { Message } from 'esbuild';

export interface BundledModule {
  /** CommonJS text with an inline source map, for instantiateModule(). */
  code: string;
  /** Every local file bundled into it (the hook and the helpers it imports), absolute. */
  inputs: string[];
  /** The `provided` ids it imports: a hook thread loads just these for it. */
  needs: string[];
}

/** How long esbuild's process outlives the last bundle: an edit often touches several files at once. */
const IDLE_MS = 2000;
let idle: NodeJS.Timeout | undefined;
let building = 0;

/**
 * Bundles a hook module (TypeScript or JavaScript, ESM or CJS) with its local helpers into
 * CommonJS text, on genvoy's main thread: esbuild works in a process of its own, so this
 * costs the main thread no CPU, and the hook threads need no esbuild. npm packages and the
 * `provided` ids (`genvoy`) stay external; they are required when the text runs.
 */
export async function bundleModule(file: string, provided: readonly string[]): Promise<BundledModule> {
  const folder = dirname(file);
  const fileUrl = pathToFileURL(file).href;
  // esbuild is loaded with the first module hook: a folder of scripts never needs it.
  const { build, stop } = await import('esbuild');
  clearTimeout(idle);
  building++;
  const result = await build({
    entryPoints: [file],
    absWorkingDir: folder,
    bundle: true,
    packages: 'external',
    external: [...provided],
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
  })
    .catch((err: { errors?: Message[] }) => {
      throw new Error(err.errors?.length ? err.errors.map(describe).join('\n') : String(err));
    })
    .finally(() => {
      // Its process (about 15 MB) ends once bundling is over; the next bundle starts it again.
      if (--building === 0) idle = setTimeout(() => void stop(), IDLE_MS).unref();
    });
  const imported = Object.values(result.metafile.outputs).flatMap((output) => output.imports);
  return {
    code: result.outputFiles[0]!.text,
    inputs: Object.keys(result.metafile.inputs).map((input) => resolve(folder, input)),
    needs: [...new Set(imported.filter((i) => i.external && provided.includes(i.path)).map((i) => i.path))],
  };
}

function describe(message: Message): string {
  const at = message.location ? `${message.location.file}:${message.location.line}:${message.location.column}: ` : '';
  return `${at}${message.text}`;
}
