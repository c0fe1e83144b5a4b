import { SatisfactionSurvey } from './satisfaction-survey.js';

SatisfactionSurvey.define('satisfaction-survey');
