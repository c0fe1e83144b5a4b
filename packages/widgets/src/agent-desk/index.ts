import { AgentDesk } from './agent-desk.js';

AgentDesk.define('agent-desk');
