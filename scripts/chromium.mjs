/** How every test launches Chromium: headless, as root, on a machine with no internet. */
export const chromiumPath = () => process.env.CHROME_PATH || '/usr/bin/chromium';

// Without the background-networking flags Chromium floods the closed network with connections.
export const chromiumArgs = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-dev-shm-usage',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];
