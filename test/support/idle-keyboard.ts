// A keyboard nobody types on, for Ink rendered into a test terminal: Ink wants a stdin it
// can put in raw mode.
import { EventEmitter } from 'node:events';

export class IdleKeyboard extends EventEmitter {
  readonly isTTY = true;
  setRawMode = () => this;
  setEncoding = () => this;
  resume = () => this;
  pause = () => this;
  ref = () => this;
  unref = () => this;
  read = () => null;
}
