import type { Output, ParsedInput, Register } from '../../../shared/contract';
import type { Actor, ServiceDeps } from './deps';

/** Registers (tills): registers.list, registers.create, registers.update. */
export class RegisterService {
  constructor(private readonly d: ServiceDeps) {}

  list(_input: ParsedInput<'registers.list'>): Output<'registers.list'> {
    throw new Error('not built yet');
  }

  get(_id: string): Register {
    throw new Error('not built yet');
  }

  create(_input: ParsedInput<'registers.create'>, _actor: Actor): Register {
    throw new Error('not built yet');
  }

  update(_input: ParsedInput<'registers.update'>, _actor: Actor): Register {
    void this.d;
    throw new Error('not built yet');
  }
}
