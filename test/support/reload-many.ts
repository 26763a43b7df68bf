// Run as: node --expose-gc --import tsx test/support/reload-many.ts <times>
// Rewrites one hook (and its helper) and loads it afresh <times> times, as genvoy does
// (bundled, then run with Module#_compile); prints heap use.
import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { bundleModule } from '../../src/runtime/hook-folder/bundle-module.ts';
import { instantiateModule } from '../../src/runtime/hook-folder/instantiate-module.ts';

const times = Number(process.argv[2] ?? 1000);
const dir = await mkdtemp(join(tmpdir(), 'genvoy-reload-'));
const hook = join(dir, 'push.ts');
const filler = Array.from({ length: 40 }, (_, i) => `export const line${i} = 'padding to make the hook about the size of a real one, ${i}';`).join('\n');

async function reload(version: number): Promise<void> {
  await writeFile(join(dir, '_helper.ts'), `export const version = ${version};\n${filler}`);
  await writeFile(hook, `import { version } from './_helper.ts';\nexport function handle(): number { return version; }\n${filler}`);
  const { code } = await bundleModule(hook, []);
  const exports = instantiateModule(hook, code, {});
  const got = (exports.handle as () => number)();
  if (got !== version) throw new Error(`reload ${version} ran version ${got}`);
}

const heap = () => {
  globalThis.gc!();
  globalThis.gc!();
  return process.memoryUsage().heapUsed;
};

for (let i = 0; i < 50; i++) await reload(i); // warm up
const before = heap();
for (let i = 50; i < 50 + times; i++) await reload(i);
const after = heap();
process.stdout.write(JSON.stringify({ times, before, after }) + '\n');
process.exit(0);
