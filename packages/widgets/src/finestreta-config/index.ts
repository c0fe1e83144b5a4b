import { FinestretaConfig } from '../shared/config.js';

FinestretaConfig.define('finestreta-config');
