import { buildApp } from './app.js';
import { ConfigError, loadConfig, type AppConfig } from './config.js';
import { CouncilsFileError, readCouncilsFile } from './modules/councils/seed.js';
import { DEMO_AGENT_PASSWORD, seedDemoReceipts } from './modules/demo/seed.js';
import { verifyPassword } from './shared/password.js';

async function main() {
  let config: AppConfig;
  try {
    config = loadConfig(process.env);
  } catch (error) {
    if (!(error instanceof ConfigError)) throw error;
    console.error(error.message);
    process.exit(1);
  }

  let app;
  try {
    app = await buildApp(config);
  } catch (error) {
    if (!(error instanceof CouncilsFileError)) throw error;
    console.error(error.message);
    process.exit(1);
  }

  for (const signal of ['SIGINT', 'SIGTERM'] as const) {
    process.once(signal, () => {
      app.log.info({ signal }, 'shutting down');
      void app.close().then(() => process.exit(0));
    });
  }

  // Before listening, so the seed's cases are whole when the first request comes. A seed that
  // fails (a timestamp authority down) leaves what it could to the receipt job, and the demo runs.
  // Its requests go through the citizen API as a page's would, but they are not traffic: logged
  // at info they would bury the lines a demo's user reads at start.
  const level = app.log.level;
  app.log.level = 'warn';
  const seeded = config.demo
    ? await seedDemoReceipts(app)
        .catch((error: unknown) => {
          app.log.error({ err: error }, 'could not seed the demo with receipts');
          return [];
        })
        .finally(() => (app.log.level = level))
    : [];
  await app.listen({ port: config.port, host: config.host });

  if (config.demo) {
    // The demo agent's password is meant to be shared; it is printed for the agents whose hash it matches.
    const agents = [];
    for (const agent of (await readCouncilsFile(config.councilsFile)).flatMap((council) => council.agents ?? [])) {
      if (await verifyPassword(DEMO_AGENT_PASSWORD, agent.passwordHash)) agents.push(agent);
    }
    const url = config.linkBase;
    console.log(
      [
        '',
        'Finestreta demo is running.',
        `  Demo council site  ${url}/`,
        `  Agent desk         ${url}/desk`,
        ...agents.map((agent) => `    sign in as       ${agent.email} / ${DEMO_AGENT_PASSWORD}`),
        ...(seeded.length > 0 ? [`  Verify a receipt   ${url}/verify`] : []),
        // Printed on the receipts and kept nowhere else in clear but the demo's own file.
        ...seeded.map(({ reference, entryNumber, code }) => `    ${reference}     entry ${entryNumber}, code ${code}`),
        `  API docs           ${url}/api/docs`,
        '',
      ].join('\n'),
    );
  }
}

await main();
