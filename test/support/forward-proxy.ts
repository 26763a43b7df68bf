import { once } from 'node:events';
import { createServer, request, type Server } from 'node:http';
import { connect, type AddressInfo } from 'node:net';
import type { Duplex } from 'node:stream';

export interface ForwardProxy {
  url: string;
  /** What went through it: `CONNECT host:port` for a tunnel, `GET http://…` for a forwarded request. */
  used: string[];
  close(): void;
}

/**
 * An outbound proxy as corporate networks have them, on loopback: CONNECT tunnels (for https:
 * targets) and forwarded requests with an absolute URL (for http: ones), each recorded.
 */
export async function startForwardProxy(): Promise<ForwardProxy> {
  const used: string[] = [];
  const tunnels = new Set<Duplex>();
  const server: Server = createServer((req, res) => {
    used.push(`${req.method} ${req.url}`);
    const upstream = request(req.url!, { method: req.method, headers: req.headers }, (answer) => {
      res.writeHead(answer.statusCode!, answer.headers);
      answer.pipe(res);
    });
    upstream.on('error', () => res.destroy());
    res.on('close', () => upstream.destroy());
    req.pipe(upstream);
  });
  server.on('connect', (req, client, head) => {
    used.push(`CONNECT ${req.url}`);
    tunnels.add(client);
    client.on('close', () => tunnels.delete(client));
    const { hostname, port } = new URL(`http://${req.url}`);
    const target = connect(Number(port), hostname, () => {
      client.write('HTTP/1.1 200 Connection Established\r\n\r\n');
      target.write(head);
      target.pipe(client).pipe(target);
    });
    target.on('error', () => client.destroy());
    client.on('error', () => target.destroy());
  });
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    used,
    close: () => {
      server.close();
      server.closeAllConnections();
      for (const tunnel of tunnels) tunnel.destroy(); // taken over from the server at CONNECT
    },
  };
}
