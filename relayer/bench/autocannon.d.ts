// autocannon ships no types; the load client uses only this much of its API.
declare module "autocannon" {
  interface Options {
    url: string;
    duration: number;
    connections: number;
    requests: {
      method: string;
      headers: Record<string, string>;
      setupRequest: (request: Record<string, unknown>) => Record<string, unknown>;
    }[];
  }
  export default function autocannon(options: Options): Promise<unknown>;
}
