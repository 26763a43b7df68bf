import { ownModule } from '../base/own-module.ts';

/**
 * What a hook module can import from genvoy, by id: the hook API and the shipped hooks'
 * libraries. A hook thread loads one only when a hook it runs imports it.
 */
export const hookModules: Readonly<Record<string, string>> = {
  genvoy: ownModule(new URL('../api/index.ts', import.meta.url)),
  'genvoy/notify': ownModule(new URL('../libs/notify/index.ts', import.meta.url)),
  'genvoy/push': ownModule(new URL('../libs/push/index.ts', import.meta.url)),
};
