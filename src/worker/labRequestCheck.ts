// The shape check of a command from the main thread: ours, but a bad message must be refused
// with a reason rather than crash the run.
import type { LabRequest } from './labProtocol';

const positiveInt = (value: unknown): value is number => typeof value === 'number' && Number.isInteger(value) && value >= 1;

/** The command, or null after `refuse` was told why (an `ack` with a bad id is dropped silently). */
export function checkLabRequest(data: unknown, refuse: (message: string, fields?: string[]) => void): LabRequest | null {
  if (typeof data !== 'object' || data === null || typeof (data as { type?: unknown }).type !== 'string') {
    refuse('The worker received a message without a type; expected a command such as {type: "start"}.');
    return null;
  }
  const command = data as LabRequest;
  switch (command.type) {
    case 'step':
      if (!positiveInt(command.steps)) {
        refuse(`step needs a whole number of steps ≥ 1 (got ${JSON.stringify(command.steps)})`);
        return null;
      }
      return command;
    case 'setTau':
    case 'prune':
      if (!(typeof command.tau === 'number' && Number.isFinite(command.tau) && command.tau > 0)) {
        refuse(`τ must be a positive number (got ${JSON.stringify(command.tau)})`, ['tau']);
        return null;
      }
      return command;
    case 'setSpeed':
      if (!(command.stepsPerSecond === null || (typeof command.stepsPerSecond === 'number' && Number.isFinite(command.stepsPerSecond) && command.stepsPerSecond > 0))) {
        refuse(`the speed must be a positive number of steps per second, or null for full speed (got ${JSON.stringify(command.stepsPerSecond)})`);
        return null;
      }
      return command;
    case 'ack':
      return typeof command.frameId === 'number' ? command : null;
    case 'exportRun':
      if (typeof command.requestId !== 'number') {
        refuse('exportRun needs a numeric requestId to answer to.');
        return null;
      }
      return command;
    case 'setHyper':
    case 'setLimits':
      if (typeof command.patch !== 'object' || command.patch === null) {
        refuse(`${command.type} needs a patch object of the fields to change (got ${JSON.stringify(command.patch)})`);
        return null;
      }
      return command;
    case 'init':
    case 'start':
    case 'pause':
    case 'reset':
    case 'fineTune':
    case 'dispose':
      return command;
    default:
      refuse(`The worker does not know the command ${JSON.stringify((data as { type: string }).type)}.`);
      return null;
  }
}
