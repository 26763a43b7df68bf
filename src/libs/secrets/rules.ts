/** One kind of secret. The secret is the pattern's `secret` group, or else the whole match. */
export interface SecretRule {
  id: string;
  description: string;
  /** Global; matched against one added line at a time. */
  pattern: RegExp;
  /** For generic rules: the least Shannon entropy (bits per character) that counts. */
  minEntropy?: number;
  /** Values that are examples or placeholders, not secrets (`${DB_PASSWORD}`, `<password>`). */
  placeholder?: RegExp;
}

const placeholder = /^(?:\$\{?[\w.:-]*\}?|\{\{.*\}\}|<[^>]*>|%[sv]|\*+|x+|\.+|pass(?:word)?|pwd|secret|changeme|example|user|username|\[.*\])$/i;

/** Specific rules first: a secret that a specific rule and a generic one both match is reported once, by the specific rule. */
export const secretRules: readonly SecretRule[] = [
  { id: 'aws-access-key-id', description: 'AWS access key id', pattern: /\b(?:AKIA|ASIA|ABIA|ACCA)[0-9A-Z]{16}\b/g },
  {
    id: 'aws-secret-access-key',
    description: 'AWS secret access key',
    pattern: /aws[\w.-]{0,30}?(?:secret|key)[\w.-]{0,20}['"]?\s*(?:=>|:=|=|:)\s*['"]?(?<secret>[A-Za-z0-9/+]{40})(?![A-Za-z0-9/+=])/gi,
  },
  { id: 'gcp-api-key', description: 'Google Cloud API key', pattern: /\bAIza[0-9A-Za-z_-]{35}(?![0-9A-Za-z_-])/g },
  { id: 'gcp-service-account-key', description: 'Google Cloud service account key id', pattern: /"private_key_id"\s*:\s*"(?<secret>[0-9a-f]{40})"/g },
  { id: 'azure-storage-account-key', description: 'Azure storage account key', pattern: /AccountKey=(?<secret>[A-Za-z0-9+/]{86}==)/g },
  { id: 'azure-shared-access-key', description: 'Azure shared access key (Service Bus, Event Hubs, IoT Hub)', pattern: /SharedAccessKey=(?<secret>[A-Za-z0-9+/]{42,44}=)/g },
  {
    id: 'azure-ad-client-secret',
    description: 'Azure AD (Entra ID) client secret',
    pattern: /(?<![A-Za-z0-9_~.-])(?<secret>[A-Za-z0-9_~.]{3}\dQ~[A-Za-z0-9_~.-]{31,34})(?![A-Za-z0-9_~.-])/g,
  },
  { id: 'github-pat', description: 'GitHub personal access token (classic)', pattern: /\bghp_[A-Za-z0-9]{36}\b/g },
  { id: 'github-fine-grained-pat', description: 'GitHub fine-grained personal access token', pattern: /\bgithub_pat_[A-Za-z0-9_]{60,255}\b/g },
  { id: 'github-oauth-token', description: 'GitHub OAuth access token', pattern: /\bgho_[A-Za-z0-9]{36}\b/g },
  { id: 'github-app-token', description: 'GitHub App token', pattern: /\b(?:ghu|ghs)_[A-Za-z0-9]{36}\b/g },
  { id: 'github-refresh-token', description: 'GitHub refresh token', pattern: /\bghr_[A-Za-z0-9]{36,76}\b/g },
  { id: 'gitlab-token', description: 'GitLab token (personal, deploy, runner, trigger…)', pattern: /\b(?:glpat|gldt|glrt|glptt|glft|glsoat|glcbt)-[A-Za-z0-9_-]{20,}/g },
  { id: 'slack-token', description: 'Slack token', pattern: /\bxox[abeposr]-[A-Za-z0-9-]{10,}/g },
  { id: 'slack-webhook-url', description: 'Slack incoming webhook URL', pattern: /https:\/\/hooks\.slack\.com\/(?:services|workflows|triggers)\/[A-Za-z0-9_/+-]{20,}/g },
  { id: 'npm-token', description: 'npm access token', pattern: /\bnpm_[A-Za-z0-9]{36}\b/g },
  { id: 'private-key', description: 'private key block', pattern: /-----BEGIN (?:[A-Z0-9]+ )*PRIVATE KEY(?: BLOCK)?-----/g },
  {
    id: 'connection-string-password',
    description: 'password in a connection string (scheme://user:password@host)',
    pattern: /\b[a-z][a-z0-9+.-]{0,20}:\/\/[^\s:/?#@'"`]+:(?<secret>[^\s/?#@'"`]+)@[^\s/?#@'"`]/gi,
    placeholder,
  },
  {
    id: 'generic-secret',
    description: 'long high-entropy value assigned to a name like secret, token, key or password',
    pattern:
      /(?<![\w.-])[\w.-]{0,40}?(?:secret|token|passw(?:or)?d|pwd|key|credential)[\w.-]{0,40}['"]?\s*(?:=>|:=|=|:)\s*(?:[rbu]?['"])?(?<secret>(?=[A-Za-z0-9+/=_.~!@#$%^&*-]*\d)(?=[A-Za-z0-9+/=_.~!@#$%^&*-]*[A-Za-z])[A-Za-z0-9+/=_.~!@#$%^&*-]{20,})/gi,
    minEntropy: 3.5,
    placeholder,
  },
];

export const ruleIds: ReadonlySet<string> = new Set(secretRules.map((rule) => rule.id));
