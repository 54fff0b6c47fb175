/**
 * Realistic sandbox data: a few repositories with a history of passing and failing builds,
 * a failed step with a long log, a build awaiting approval, secrets, crons and templates.
 * Tokens are fixed so a person can point an MCP client at the sandbox.
 */
import { DroneState, type SandboxUser } from "./state.js";

export const SANDBOX_ADMIN_TOKEN = "sandbox-admin-token";
export const SANDBOX_USER_TOKEN = "sandbox-user-token";

export interface Seeded {
  state: DroneState;
  admin: SandboxUser;
  user: SandboxUser;
}

export const GO_TEST_FAILURE = [
  "+ go test ./...",
  "ok  \tgithub.com/octocat/hello-world/internal/config\t0.012s",
  "--- FAIL: TestGreeting (0.00s)",
  '    greeting_test.go:14: Greeting("Ada") = "Hello Ada", want "Hello, Ada!"',
  "FAIL",
  "FAIL\tgithub.com/octocat/hello-world/internal/greeting\t0.004s",
  "FAIL",
];

export function seedSandbox(state = new DroneState()): Seeded {
  const admin = state.addUser("octocat", SANDBOX_ADMIN_TOKEN, { admin: true });
  const user = state.addUser("jane", SANDBOX_USER_TOKEN, { email: "jane@example.com" });

  const hello = state.addRepo("octocat", "hello-world", {
    branches: {
      main: "7fd1a60b01f91b314f59955a4e4d4e80d8edf11d",
      "feature/greeting": "e3b0c44298fc1c149afbf4c8996fb92427ae41e4",
    },
  });
  const api = state.addRepo("acme", "api", {
    private: true,
    visibility: "private",
    default_branch: "master",
    branches: { master: "a94a8fe5ccb19ba61c4c0873d391e987982fbbd3" },
  });
  const docs = state.addRepo("acme", "docs", { visibility: "internal", private: true, active: false });
  state.grant(hello, user, { read: true, write: true, admin: false });
  state.grant(api, user, { read: true, write: false, admin: false });
  for (const repo of [hello, api, docs]) state.grant(repo, admin, { read: true, write: true, admin: true });
  state.joinOrg(user, "acme", false);

  const steps = (status: "success" | "failure") => [
    {
      name: "clone",
      image: "drone/git",
      log: [
        "+ git init",
        "+ git fetch origin +refs/heads/main:",
        "+ git checkout 7fd1a60b01f91b314f59955a4e4d4e80d8edf11d -b main",
      ],
    },
    {
      name: "build",
      image: "golang:1.22",
      log: ["+ go build ./...", "go: downloading github.com/stretchr/testify v1.9.0"],
    },
    {
      name: "test",
      image: "golang:1.22",
      status,
      exit_code: status === "failure" ? 1 : 0,
      log:
        status === "failure"
          ? GO_TEST_FAILURE
          : ["+ go test ./...", "ok  \tgithub.com/octocat/hello-world/...\t0.015s"],
    },
  ];

  state.addBuild(hello, { message: "Initial commit", stages: [{ name: "default", steps: steps("success") }] });
  state.addBuild(hello, {
    status: "failure",
    message: "Change greeting punctuation",
    stages: [{ name: "default", status: "failure", steps: steps("failure") }],
  });
  state.addBuild(hello, {
    status: "pending",
    event: "promote",
    deploy_to: "production",
    parent: 1,
    message: "Initial commit",
    started: 0,
    finished: 0,
    stages: [{ name: "deploy", status: "blocked", steps: [{ name: "deploy", status: "pending" }] }],
  });
  state.addBuild(api, {
    message: "Add health endpoint",
    ref: "refs/heads/master",
    stages: [{ name: "default", steps: [{ name: "test", log: ["ok"] }] }],
  });

  state.addSecret(hello, { name: "docker_password", data: "s3cret", pull_request: false, pull_request_push: false });
  state.addSecret(undefined, {
    namespace: "acme",
    name: "npm_token",
    data: "npm-secret",
    pull_request: false,
    pull_request_push: false,
  });
  state.addCron(hello, { name: "nightly", expr: "0 0 0 * * *", branch: "main" });
  state.addTemplate("acme", "go.yaml", "kind: pipeline\ntype: docker\nname: default\n");
  return { state, admin, user };
}
