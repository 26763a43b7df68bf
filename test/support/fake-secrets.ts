/**
 * Fake secrets of every kind, made at run time from a fixed seed: no token sits in the source
 * (where a secret scanner would rightly complain), and every run makes the same ones.
 */
function randomText(length: number, alphabet: string, seed: number): string {
  let state = seed;
  let text = '';
  for (let i = 0; i < length; i++) {
    state = (state * 1103515245 + 12345) % 2 ** 31;
    text += alphabet[Math.floor((state / 2 ** 31) * alphabet.length)];
  }
  return text;
}

const upper = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ';
const digits = '0123456789';
const alnum = upper + upper.toLowerCase() + digits;
const base64 = alnum + '+/';

export const fake = {
  awsKeyId: 'AKIA' + randomText(16, upper + digits, 1),
  awsSecret: randomText(40, base64, 2),
  gcpApiKey: 'AIza' + randomText(35, alnum + '_-', 3),
  azureStorageKey: randomText(86, base64, 4) + '==',
  azureClientSecret: randomText(3, alnum, 5) + '8Q~' + randomText(34, alnum, 6),
  githubPat: 'ghp_' + randomText(36, alnum, 7),
  githubOauth: 'gho_' + randomText(36, alnum, 8),
  githubApp: 'ghs_' + randomText(36, alnum, 9),
  githubRefresh: 'ghr_' + randomText(76, alnum, 21),
  githubFineGrained: 'github_pat_' + randomText(22, alnum, 10) + '_' + randomText(59, alnum, 11),
  gitlabPat: 'glpat-' + randomText(20, alnum, 12),
  slackToken: 'xoxb-' + randomText(12, digits, 13) + '-' + randomText(24, alnum, 14),
  slackWebhook: 'https://hooks.slack.com/services/T' + randomText(8, upper + digits, 15) + '/B' + randomText(8, upper + digits, 16) + '/' + randomText(24, alnum, 17),
  npmToken: 'npm_' + randomText(36, alnum, 18),
  dbPassword: randomText(14, alnum, 19),
  apiSecret: randomText(32, alnum, 20),
  privateKeyHeader: '-----BEGIN ' + 'RSA PRIVATE KEY-----',
};
