import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { describe, expect, it } from 'vitest';
import { rss, treeRss } from '../../bench/memory.ts';

const MiB = 1024 ** 2;

describe('treeRss (the bench reads genvoy with its spawners this way)', () => {
  it('adds the memory of child and grandchild processes to their parent', async () => {
    // A child that holds 64 MiB, through a grandchild that holds 64 MiB more.
    const hold = (mib: number) => `const b = Buffer.alloc(${mib} * 1024 * 1024, 1); setInterval(() => b[0]++, 1000);`;
    const grandchild = `${hold(64)} console.log('ready');`;
    const child = spawn(process.execPath, ['-e', `${hold(64)} const c = require('node:child_process').spawn(process.execPath, ['-e', ${JSON.stringify(grandchild)}], { stdio: 'inherit' }); process.on('SIGTERM', () => { c.kill(); process.exit(); });`], { stdio: ['ignore', 'pipe', 'inherit'] });
    try {
      await once(child.stdout!, 'data'); // the grandchild holds its memory
      const own = await rss(child.pid!);
      const tree = await treeRss(child.pid!);
      expect(own).toBeGreaterThan(64 * MiB);
      expect(tree - own).toBeGreaterThan(64 * MiB);
    } finally {
      child.kill('SIGTERM');
      await once(child, 'exit');
    }
  });
});
