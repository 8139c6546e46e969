// One sender per kind of target behind one signature, like blackbox_exporter's probers: it delivers the
// message or throws a NotifyError. HTTP targets go through undici, e-mail through nodemailer. Errors name the
// target by its display form (scheme and host) only, and whatever a library says is redacted by the target's
// secrets before it goes anywhere.

import { redactText } from '../secrets/redact.ts';
import { undici } from '../network/undici.ts';
import type { NotifyKind, NotifyTarget } from './targets.ts';
import type { NotifyMessage } from './message.ts';

export type NotifyFailure = 'refused' | 'unreachable' | 'timeout' | 'aborted';

export class NotifyError extends Error {
  override name = 'NotifyError' as const;
  /** `permanent`: trying again cannot help (a 4xx other than 408/429: a wrong or revoked webhook). */
  constructor(
    readonly failure: NotifyFailure,
    message: string,
    readonly permanent = false,
  ) {
    super(message);
  }
}

export interface SendOptions {
  signal: AbortSignal;
}

export type Sender = (target: NotifyTarget, message: NotifyMessage, options: SendOptions) => Promise<void>;

/** Answers are read only this far: a receiver's body says nothing the doctor needs. */
const MAX_ANSWER_BYTES = 16 * 1024;

const failureOf = (err: unknown, signal: AbortSignal): NotifyFailure => {
  if (signal.aborted) return (signal.reason as Error | undefined)?.name === 'TimeoutError' ? 'timeout' : 'aborted';
  const code = (err as NodeJS.ErrnoException).code ?? '';
  if (/TIMEOUT|ETIMEDOUT/i.test(code) || (err as Error).name === 'TimeoutError') return 'timeout';
  return 'unreachable';
};

function wrap(target: NotifyTarget, err: unknown, signal: AbortSignal): NotifyError {
  if (err instanceof NotifyError) return err;
  const failure = failureOf(err, signal);
  const detail = (err as NodeJS.ErrnoException).code ?? (err as Error).message ?? String(err);
  const what = failure === 'timeout' ? 'timed out' : failure === 'aborted' ? 'delivery abandoned' : `unreachable (${detail})`;
  return new NotifyError(failure, redactText(`${target.display}: ${what}`, target.secrets));
}

/** The URL without credentials, and those as a Basic Authorization header (ntfy, Apprise, webhooks behind auth). */
function splitCredentials(url: URL): { url: URL; headers: Record<string, string> } {
  if (!url.username && !url.password) return { url, headers: {} };
  const bare = new URL(url);
  bare.username = '';
  bare.password = '';
  const basic = Buffer.from(`${decodeURIComponent(url.username)}:${decodeURIComponent(url.password)}`).toString('base64');
  return { url: bare, headers: { authorization: `Basic ${basic}` } };
}

async function post(target: NotifyTarget, url: URL, headers: Record<string, string>, body: string, signal: AbortSignal): Promise<void> {
  const auth = splitCredentials(url);
  try {
    const answer = await undici().request(auth.url, {
      method: 'POST',
      headers: { 'user-agent': 'netdata-cloud-doctor', ...auth.headers, ...headers },
      body,
      signal,
    });
    let read = 0;
    for await (const chunk of answer.body) {
      read += (chunk as Buffer).length;
      if (read > MAX_ANSWER_BYTES) {
        answer.body.destroy();
        break;
      }
    }
    if (answer.statusCode < 200 || answer.statusCode > 299) {
      const permanent = answer.statusCode >= 400 && answer.statusCode < 500 && answer.statusCode !== 408 && answer.statusCode !== 429;
      throw new NotifyError('refused', `${target.display}: answered HTTP ${answer.statusCode}`, permanent);
    }
  } catch (err) {
    throw wrap(target, err, signal);
  }
}

const json = { 'content-type': 'application/json' };

/** Slack's mrkdwn treats <, > and & as markup: an agent's text must not make links or mentions. */
const slackEscape = (text: string) => text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
const cut = (text: string, max: number) => (text.length > max ? `${text.slice(0, max - 1)}…` : text);

const sendWebhook: Sender = (target, message, { signal }) => post(target, target.url, json, JSON.stringify(message.event), signal);

const sendSlack: Sender = (target, message, { signal }) => {
  const icons = { recovered: ':white_check_mark:', problem: ':warning:', info: ':information_source:' } as const;
  const icon = icons[message.severity];
  const body = {
    text: slackEscape(message.title),
    blocks: [
      { type: 'header', text: { type: 'plain_text', text: cut(message.title, 150) } },
      { type: 'section', text: { type: 'mrkdwn', text: cut(`${icon} ${slackEscape(message.text)}`, 3000) } },
    ],
  };
  return post(target, target.url, json, JSON.stringify(body), signal);
};

const sendDiscord: Sender = (target, message, { signal }) => {
  const color = message.severity === 'recovered' ? 0x2eb67d : message.severity === 'problem' ? 0xe01e5a : 0x3b82f6;
  const body = {
    username: 'netdata-cloud-doctor',
    // Agent-supplied text must not ping anyone (@everyone, <@id>).
    allowed_mentions: { parse: [] },
    embeds: [
      {
        title: cut(message.title, 256),
        description: cut(message.text, 4000),
        color,
        timestamp: message.event.at,
        ...(message.event.statusPage ? { url: message.event.statusPage } : {}),
      },
    ],
  };
  return post(target, target.url, json, JSON.stringify(body), signal);
};

/** HTTP headers are Latin-1: a title with other characters goes as RFC 2047 encoded UTF-8, which ntfy decodes. */
const headerText = (text: string) => (/^[\x20-\x7e]*$/.test(text) ? text : `=?UTF-8?B?${Buffer.from(text, 'utf8').toString('base64')}?=`);

const sendNtfy: Sender = (target, message, { signal }) => {
  const headers: Record<string, string> = {
    'content-type': 'text/plain; charset=utf-8',
    title: headerText(message.title),
    priority: message.severity === 'problem' ? 'high' : 'default',
    tags: message.severity === 'recovered' ? 'white_check_mark' : message.severity === 'problem' ? 'warning' : 'information_source',
  };
  if (message.event.statusPage) headers.click = message.event.statusPage;
  return post(target, target.url, headers, message.text, signal);
};

const sendApprise: Sender = (target, message, { signal }) => {
  const type = message.severity === 'recovered' ? 'success' : message.severity === 'problem' ? 'failure' : 'info';
  return post(target, target.url, json, JSON.stringify({ title: message.title, body: message.text, type, format: 'text' }), signal);
};

const sendMail: Sender = async (target, message, { signal }) => {
  const { createTransport } = await import('nodemailer');
  const url = target.url;
  const secure = target.label === 'smtps';
  const to = (url.searchParams.get('to') ?? '')
    .split(',')
    .map((a) => a.trim())
    .filter((a) => a !== '');
  const transport = createTransport({
    host: url.hostname.replace(/^\[|\]$/g, ''),
    port: url.port ? Number(url.port) : secure ? 465 : 587,
    secure,
    ...(url.username ? { auth: { user: decodeURIComponent(url.username), pass: decodeURIComponent(url.password) } } : {}),
    connectionTimeout: 10_000,
    greetingTimeout: 10_000,
    socketTimeout: 10_000,
  });
  // nodemailer has no AbortSignal: closing the transport ends the connection under it.
  const abort = () => transport.close();
  signal.addEventListener('abort', abort, { once: true });
  try {
    const aborted = new Promise<never>((_, reject) => signal.addEventListener('abort', () => reject(signal.reason), { once: true }));
    aborted.catch(() => undefined);
    const sent = transport.sendMail({ from: url.searchParams.get('from') ?? '', to, subject: message.title, text: message.text });
    sent.catch(() => undefined);
    const info = await Promise.race([sent, aborted]);
    if (info.rejected.length > 0 && info.accepted.length === 0) {
      throw new NotifyError('refused', `${target.display}: every recipient refused`);
    }
  } catch (err) {
    if (err instanceof NotifyError) throw err;
    const responseCode = (err as { responseCode?: number }).responseCode;
    if (responseCode !== undefined && !signal.aborted) {
      throw new NotifyError('refused', redactText(`${target.display}: the mail server refused (${responseCode})`, target.secrets));
    }
    throw wrap(target, err, signal);
  } finally {
    signal.removeEventListener('abort', abort);
    transport.close();
  }
};

export const SENDERS: Record<NotifyKind, Sender> = {
  webhook: sendWebhook,
  slack: sendSlack,
  discord: sendDiscord,
  ntfy: sendNtfy,
  apprise: sendApprise,
  smtp: sendMail,
};

/** Sends to one target with its kind's sender. */
export const send: Sender = (target, message, options) => SENDERS[target.kind](target, message, options);
