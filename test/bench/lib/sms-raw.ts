import { Pool } from 'undici';
import { checkBrazilianMobile } from '../../../src/channels/sms/numbers.js';

/** A sent message as the full path left it: the number and the composed text. */
export interface SentSms {
  readonly id: number | string;
  readonly recipient: string;
  readonly sent_body: string | null;
}

/**
 * The same messages as bare undici `request` calls on a keep-alive pool of `connections`,
 * `connections` in flight, with the Zenvia body the adapter sends. Numbers and bodies are
 * prepared before the clock starts. Returns the messages accepted and the seconds taken.
 */
export async function sendRaw(
  port: number,
  rows: readonly SentSms[],
  connections: number,
): Promise<{ accepted: number; seconds: number }> {
  const bodies = rows.map((row) => {
    const number = checkBrazilianMobile(row.recipient);
    const to = number.ok ? number.e164 : row.recipient;
    const contents = [{ type: 'text', text: row.sent_body ?? '' }];
    return JSON.stringify({ from: 'bench', to, contents, externalId: String(row.id) });
  });
  const pool = new Pool(`http://127.0.0.1:${port}`, { connections, keepAliveTimeout: 10_000 });
  const headers = {
    'content-type': 'application/json',
    accept: 'application/json',
    'x-api-token': 'bench-token',
  };
  let next = 0;
  let accepted = 0;
  const lane = async () => {
    while (next < bodies.length) {
      const body = bodies[next++] as string;
      const answer = await pool.request({
        path: '/v2/channels/sms/messages',
        method: 'POST',
        headers,
        body,
      });
      const json = (await answer.body.json()) as { id?: string };
      if (answer.statusCode === 200 && json.id) accepted += 1;
    }
  };

  const started = performance.now();
  await Promise.all(Array.from({ length: connections }, lane));
  const seconds = (performance.now() - started) / 1000;
  await pool.close();
  return { accepted, seconds };
}
