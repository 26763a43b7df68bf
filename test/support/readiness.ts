/** GET /readyz: its status and body (details need `bearer` when a metrics token is set); `headers`: more to send. */
export async function readyz(url: string, bearer?: string, headers: Record<string, string> = {}): Promise<{ status: number; body: any }> {
  const res = await fetch(new URL('/readyz', url), { headers: { ...headers, ...(bearer ? { authorization: `Bearer ${bearer}` } : {}) } });
  return { status: res.status, body: await res.json() };
}
