/**
 * Agents' passwords, which no file holds in clear (README "Desk sign-in and rate limits"):
 *
 *   npm run agents -- set-password <email>
 *   npm run agents -- hash-password
 *   npm run agents -- verify-audit <council>
 *
 * Both read the password from the terminal without showing it (twice, to catch a typo), or the
 * first line of standard input when it is not a terminal. `set-password` stores its scrypt hash
 * in the database the environment names (DATA_DIR or DATABASE_URL) and ends the agent's sessions
 * at once; `hash-password` prints the hash, for an agent's `passwordHash` in the councils file.
 * `verify-audit` checks the chain of a council's audit log (modules/staff/audit.ts) and exits with 1
 * if an entry was edited, removed or reordered.
 */
import { pathToFileURL } from 'node:url';
import { buildApp } from '../app.js';
import { loadConfig } from '../config.js';
import { hashPassword, MIN_PASSWORD_LENGTH } from '../shared/password.js';

const USAGE = ['usage: npm run agents -- set-password <email>', '       npm run agents -- hash-password', '       npm run agents -- verify-audit <council>'].join('\n');

class Stop extends Error {
  constructor(message: string, readonly code = 1) {
    super(message);
  }
}

/** A line typed on the terminal with nothing echoed; Ctrl-C stops the command. */
function hiddenLine(prompt: string): Promise<string> {
  process.stderr.write(prompt);
  const stdin = process.stdin;
  stdin.setRawMode(true);
  stdin.resume();
  return new Promise((resolve, reject) => {
    let line = '';
    const onData = (data: Buffer) => {
      for (const char of data.toString('utf8')) {
        if (char === '\r' || char === '\n') {
          finish();
          return resolve(line);
        }
        if (char === '\u0003') {
          finish();
          return reject(new Stop('Interrupted.', 130));
        }
        line = char === '\u007f' || char === '\b' ? [...line].slice(0, -1).join('') : line + char;
      }
    };
    const finish = () => {
      stdin.off('data', onData);
      stdin.setRawMode(false);
      stdin.pause();
      process.stderr.write('\n');
    };
    stdin.on('data', onData);
  });
}

async function firstLineOfInput(): Promise<string> {
  let text = '';
  for await (const chunk of process.stdin) text += chunk;
  return text.split(/\r?\n/, 1)[0] ?? '';
}

async function readPassword(): Promise<string> {
  let password: string;
  if (process.stdin.isTTY) {
    password = await hiddenLine('New password: ');
    if ((await hiddenLine('Again: ')) !== password) throw new Stop('The two passwords differ; nothing was changed.');
  } else {
    password = await firstLineOfInput();
  }
  if ([...password].length < MIN_PASSWORD_LENGTH) throw new Stop(`A password has at least ${MIN_PASSWORD_LENGTH} characters; nothing was changed.`);
  return password;
}

async function setPassword(email: string): Promise<string> {
  const password = await readPassword();
  const app = await buildApp(loadConfig(process.env), { logger: false, reminderScheduler: false });
  try {
    const agent = await app.agents.findByEmail(email);
    if (!agent) throw new Stop(`No agent ${email}.`);
    const { sessionsEnded } = await app.staff.setPassword(agent.id, await hashPassword(password), app.now());
    return `Password of ${agent.email} set; ${sessionsEnded} ${sessionsEnded === 1 ? 'session' : 'sessions'} ended.`;
  } finally {
    await app.close();
  }
}

async function verifyAudit(councilId: string): Promise<string> {
  const app = await buildApp(loadConfig(process.env), { logger: false, reminderScheduler: false });
  try {
    if (!(await app.councils.get(councilId))) throw new Stop(`No council ${councilId}.`);
    if (!(await app.staff.audit.verify(councilId))) throw new Stop(`The audit log of ${councilId} is broken: an entry was edited, removed or reordered.`);
    return `The audit log of ${councilId} is whole.`;
  } finally {
    await app.close();
  }
}

export async function main(args: string[]): Promise<number> {
  const [command, ...rest] = args;
  try {
    if (command === 'set-password' && rest.length === 1) process.stdout.write(`${await setPassword(rest[0]!)}\n`);
    else if (command === 'verify-audit' && rest.length === 1) process.stdout.write(`${await verifyAudit(rest[0]!)}\n`);
    else if (command === 'hash-password' && rest.length === 0) process.stdout.write(`${await hashPassword(await readPassword())}\n`);
    else throw new Stop(USAGE, 64);
    return 0;
  } catch (error) {
    if (!(error instanceof Stop)) throw error;
    console.error(error.message);
    return error.code;
  }
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) process.exitCode = await main(process.argv.slice(2));
