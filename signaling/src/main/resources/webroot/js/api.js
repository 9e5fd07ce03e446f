// The REST API (signaling/src/main/resources/openapi.yaml) with the signed-in person's token.
import { ProtocolError } from './consult-client.js';

export class RestApi {
  constructor(client) {
    this.client = client;
  }

  get(path) {
    return this.send('GET', path);
  }

  post(path, body) {
    return this.send('POST', path, body);
  }

  async send(method, path, body) {
    const headers = { authorization: 'Bearer ' + this.client.token };
    if (body !== undefined) headers['content-type'] = 'application/json';
    const res = await fetch(this.client.baseUrl + path, {
      method,
      headers,
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const reply = await res.json();
    if (!res.ok) throw new ProtocolError(reply.code, reply.message);
    return reply;
  }
}
