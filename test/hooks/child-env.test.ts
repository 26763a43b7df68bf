import { expect, it } from 'vitest';
import { childEnv } from '../../src/base/child-env.ts';

it('passes none of the variables genvoy reads secrets from to a process it starts, and the rest as they are', () => {
  const secrets = ['GENVOY_SECRET', 'GENVOY_APP_PRIVATE_KEY', 'GENVOY_GITHUB_TOKEN', 'GENVOY_ADMIN_TOKEN', 'GENVOY_UI_TOKEN', 'GENVOY_UI_PASSWORD', 'GENVOY_METRICS_TOKEN', 'GENVOY_RELAY_TOKEN', 'GENVOY_PULL_TOKEN'];
  const env = childEnv({ PATH: '/usr/bin:/bin', GENVOY_CONFIG: 'config/config.json', ...Object.fromEntries(secrets.map((name) => [name, `value of ${name}`])) });
  expect(env).toEqual({ PATH: '/usr/bin:/bin', GENVOY_CONFIG: 'config/config.json' });
});
