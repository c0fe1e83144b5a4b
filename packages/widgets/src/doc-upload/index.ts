import { DocUpload } from './doc-upload.js';

DocUpload.define('doc-upload');
