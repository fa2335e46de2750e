// `k6/metrics`: custom metrics whose samples go, with their tags, to the runner.
import { emit, sampleTags } from '../vu-context.mjs';

class Metric {
  constructor(type, name, isTime) {
    if (typeof name !== 'string' || !/^[\p{L}\p{N}._ !?/&#()<>%-]{1,128}$/u.test(name)) {
      throw new Error(`invalid metric name "${name}"`);
    }
    this.name = name;
    this.type = type;
    this.isTime = Boolean(isTime);
  }

  add(value, tags) {
    const number = typeof value === 'boolean' ? (value ? 1 : 0) : Number(value);
    if (Number.isNaN(number)) throw new Error(`${this.name}: cannot add ${value}, not a number`);
    emit(this.name, this.type, this.isTime, number, sampleTags(tags));
    return true;
  }
}

export class Counter extends Metric {
  constructor(name, isTime) { super('counter', name, isTime); }
}
export class Gauge extends Metric {
  constructor(name, isTime) { super('gauge', name, isTime); }
}
export class Rate extends Metric {
  constructor(name) { super('rate', name, false); }
}
export class Trend extends Metric {
  constructor(name, isTime) { super('trend', name, isTime); }
}

export default { Counter, Gauge, Rate, Trend };
