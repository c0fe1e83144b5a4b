import { engineSmoke } from './smoke.ts';
import { launchWebKit, webkitMissing } from './webkit.ts';

engineSmoke('WebKit (MiniBrowser)', launchWebKit, webkitMissing());
