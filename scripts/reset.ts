// npm run reset: forget all local data (orders, balances, users); the next npm start re-seeds.
import fs from 'fs';
import path from 'path';

const dir = path.resolve(__dirname, '..', '.data');
fs.rmSync(dir, { recursive: true, force: true });
console.log(`removed ${dir}`);
