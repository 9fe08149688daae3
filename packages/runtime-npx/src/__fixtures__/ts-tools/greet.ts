import { shout } from './shout.js';

interface GreetArgs {
  readonly name: string;
}

function greet({ name }: GreetArgs): string {
  return shout(`hello ${name}`);
}

export function boom(): never {
  throw new Error('ts boom'); // line 12: the stack must point here
}

export { greet as default };
