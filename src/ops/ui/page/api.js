
/**
 * The page's JSON API (/ui/api). Every request carries X-Genvoy-UI, which the server
 * requires of changes; a lost session (401) goes back to the login.
 * @param {string} path
 * @param {{ method?: string, body?: unknown }} [options]
 * @returns {Promise<{ status: number, body: any }>}
 */
export async function api(path, { method = 'GET', body } = {}) {
  /** @type {Record<string, string>} */
  const headers = { 'x-genvoy-ui': '1' };
  if (body !== undefined) headers['content-type'] = 'application/json';
  const res = await fetch(`/ui/${path}`, { method, headers, body: body === undefined ? undefined : JSON.stringify(body), credentials: 'same-origin' });
  if (res.status === 401 && path.startsWith('api/')) {
    location.assign('/ui/login');
    throw new Error('logged out');
  }
  const text = await res.text();
  return { status: res.status, body: text ? JSON.parse(text) : {} };
}
