#!/usr/bin/env node
// The AMQP client of the live RabbitMQ test (amqplib 0.10), run inside the client's network
// namespace. One JSON argument says what to do; one JSON line on stdout says what happened.
//
//   {"op":"publish","url":...,"queue":...,"from":0,"count":20000}
//       declares the queue as the OpenStack services do with rabbit_quorum_queue (durable,
//       x-queue-type: quorum), publishes `count` persistent messages numbered from `from` on a
//       confirm channel, and waits for every confirm: {"confirmed":N,"nacked":N,"ms":N}
//   {"op":"consume","url":...,"queue":...,"from":0,"count":20000,"timeoutMs":60000}
//       consumes (and acks) until every number of the range was seen and nothing more came
//       for a moment, reconnecting on errors (a queue whose leader just died), or until the
//       time-out: {"received":N,"distinct":N,"missing":[first few],"outside":N,"errors":[...]}
//
// NODE_PATH must reach amqplib.
'use strict';
const amqp = require('amqplib');

const request = JSON.parse(process.argv[2]);
const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));
const QUEUE_ARGUMENTS = { durable: true, arguments: { 'x-queue-type': 'quorum' } };

async function publish({ url, queue, from, count }) {
  const started = Date.now();
  const connection = await amqp.connect(url);
  try {
    const channel = await connection.createConfirmChannel();
    await channel.assertQueue(queue, QUEUE_ARGUMENTS);
    let confirmed = 0;
    let nacked = 0;
    for (let i = from; i < from + count; i++) {
      const flowing = channel.sendToQueue(queue, Buffer.from(String(i)), { persistent: true, messageId: String(i) }, (error) => {
        if (error) nacked += 1;
        else confirmed += 1;
      });
      if (!flowing) await new Promise((resolve) => channel.once('drain', resolve));
    }
    try {
      await channel.waitForConfirms();
    } catch {
      // a nack: counted above
    }
    return { confirmed, nacked, ms: Date.now() - started };
  } finally {
    await connection.close().catch(() => undefined);
  }
}

async function consume({ url, queue, from, count, timeoutMs }) {
  const deadline = Date.now() + (timeoutMs || 60000);
  const seen = new Set();
  let received = 0;
  let outside = 0;
  const errors = [];
  while (Date.now() < deadline && seen.size < count) {
    let connection;
    try {
      connection = await amqp.connect(url);
      const channel = await connection.createChannel();
      await channel.prefetch(1000);
      await new Promise((resolve, reject) => {
        let idle;
        const overall = setTimeout(resolve, Math.max(0, deadline - Date.now()));
        const done = () => {
          clearTimeout(overall);
          clearTimeout(idle);
          resolve();
        };
        connection.on('error', reject);
        channel.on('error', reject);
        channel.on('close', () => reject(new Error('channel closed')));
        channel
          .consume(queue, (message) => {
            if (message === null) return reject(new Error('consumer cancelled by the broker'));
            received += 1;
            const n = Number(message.content.toString());
            if (Number.isInteger(n) && n >= from && n < from + count) seen.add(n);
            else outside += 1;
            channel.ack(message);
            if (seen.size >= count) {
              // Everything arrived; wait a moment for anything beyond it.
              clearTimeout(idle);
              idle = setTimeout(done, 500);
            }
          })
          .catch(reject);
      });
    } catch (error) {
      errors.push(String(error && error.message ? error.message : error));
      await sleep(500);
    } finally {
      if (connection) await connection.close().catch(() => undefined);
    }
  }
  const missing = [];
  for (let i = from; i < from + count && missing.length < 10; i++) if (!seen.has(i)) missing.push(i);
  return { received, distinct: seen.size, missing, outside, errors: errors.slice(0, 10) };
}

(async () => {
  const result = request.op === 'publish' ? await publish(request) : await consume(request);
  process.stdout.write(`${JSON.stringify(result)}\n`);
})().catch((error) => {
  process.stderr.write(`ERROR ${error && error.stack ? error.stack : error}\n`);
  process.exit(1);
});
