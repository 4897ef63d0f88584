import nock from "nock";

// Tests must never reach the network; loopback stays open for the fake GitHub server and e2e tests.
nock.disableNetConnect();
nock.enableNetConnect(/^(127\.0\.0\.1|localhost)(:\d+)?$/);
