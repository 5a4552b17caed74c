/*
 * This file is intended for use only on aws.amazon.com. We do not guarantee its availability or accuracy.
 *
 * Copyright 2026 Amazon.com, Inc. or its affiliates. All rights reserved.
 */
callback({"vers":0.01,"config":{"rate":"perhr","valueColumns":["linux","mswin"],"currencies":["USD"],"regions":[
{"region":"us-east","instanceTypes":[
 {"type":"generalCurrentGen","sizes":[
  {"size":"m5.large","valueColumns":[{"name":"linux","prices":{"USD":"0.0410"}},{"name":"mswin","prices":{"USD":"0.1330"}}]}]},
 {"type":"gpuCurrentGen","sizes":[
  {"size":"p5.48xlarge","valueColumns":[{"name":"linux","prices":{"USD":"23.6700"}},{"name":"mswin","prices":{"USD":"N/A*"}}]},
  {"size":"p4d.24xlarge","valueColumns":[{"name":"linux","prices":{"USD":"9.8500"}},{"name":"mswin","prices":{"USD":"N/A*"}}]},
  {"size":"g5.xlarge","valueColumns":[{"name":"linux","prices":{"USD":"0.3820"}},{"name":"mswin","prices":{"USD":"0.5660"}}]},
  {"size":"g6.xlarge","valueColumns":[{"name":"linux","prices":{"USD":"N/A*"}},{"name":"mswin","prices":{"USD":"N/A*"}}]},
  {"size":"g6f.large","valueColumns":[{"name":"linux","prices":{"USD":"0.0920"}},{"name":"mswin","prices":{"USD":"N/A*"}}]}]}]},
{"region":"eu-central-1","instanceTypes":[
 {"type":"gpuCurrentGen","sizes":[
  {"size":"g6e.xlarge","valueColumns":[{"name":"linux","prices":{"USD":"0.9120"}},{"name":"mswin","prices":{"USD":"N/A*"}}]},
  {"size":"p5.48xlarge","valueColumns":[{"name":"linux","prices":{"USD":"30.1000"}},{"name":"mswin","prices":{"USD":"N/A*"}}]}]}]},
{"region":"apac-tokyo","instanceTypes":[
 {"type":"gpuCurrentGen","sizes":[
  {"size":"g5.xlarge","valueColumns":[{"name":"linux","prices":{"USD":"0.4410"}},{"name":"mswin","prices":{"USD":"N/A*"}}]}]}]},
{"region":"us-west-2","instanceTypes":[
 {"type":"gpuCurrentGen","sizes":[
  {"size":"p5.48xlarge","valueColumns":[{"name":"linux","prices":{"USD":"22.9000"}},{"name":"mswin","prices":{"USD":"N/A*"}}]}]}]}
]}});
