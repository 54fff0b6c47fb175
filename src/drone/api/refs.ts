/** What API functions take to name a repository, a build and a step. */
export interface RepoRef {
  namespace: string;
  name: string;
}

export interface BuildRef extends RepoRef {
  build: number;
}

export interface StepRef extends BuildRef {
  stage: number;
  step: number;
}

/** "octocat/hello-world". */
export const slugOf = (repo: RepoRef): string => `${repo.namespace}/${repo.name}`;
