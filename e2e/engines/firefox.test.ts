import { engineSmoke } from './smoke.ts';
import { firefoxMissing, launchFirefox } from './firefox.ts';

engineSmoke('Firefox ESR', launchFirefox, firefoxMissing());
