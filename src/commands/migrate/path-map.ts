import { isAbsolute, relative, resolve } from 'node:path';

/**
 * Where the original's relative paths pointed (its folder: main.py ran there, and its hooks
 * in its working folder) and how genvoy's config file, in another folder, names the same place.
 */
export interface PathMap {
  /** A path as the original read it → the same place, relative to genvoy's config folder (an absolute one stays). */
  fromConfig(path: string): string;
}

export function pathMap(originalFolder: string, configFolder: string): PathMap {
  return {
    fromConfig: (path) => (isAbsolute(path) ? path : relative(configFolder, resolve(originalFolder, path)) || '.'),
  };
}
