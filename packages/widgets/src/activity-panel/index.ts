import { ActivityPanel } from './activity-panel.js';

ActivityPanel.define('activity-panel');
