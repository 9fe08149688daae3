import { TOOL_CATALOG } from './tool-catalog.js';

export interface LabelledQuery {
  readonly query: string;
  /** The qualified name that must be among the first five results. */
  readonly expected: string;
}

const qualifiedNames = Object.entries(TOOL_CATALOG).flatMap(([namespace, lines]) =>
  lines.map((line) => ({ namespace, name: line.split('|')[0]! })),
);

/** Every tool asked for by its qualified name. */
export const EXACT_QUERIES: readonly LabelledQuery[] = qualifiedNames.map(
  ({ namespace, name }) => ({
    query: `${namespace}.${name}`,
    expected: `${namespace}.${name}`,
  }),
);

/** Swaps the two middle letters of a word: a deterministic one-transposition typo. */
function transpose(word: string): string {
  const middle = Math.floor(word.length / 2);
  return `${word.slice(0, middle - 1)}${word[middle]}${word[middle - 1]}${word.slice(middle + 1)}`;
}

/**
 * Every tool whose name has a word of 5+ letters, asked for with a typo in its longest word
 * (`github creaet_issue`): the namespace as a word, the name with one transposition.
 */
export const TYPO_QUERIES: readonly LabelledQuery[] = qualifiedNames.flatMap(
  ({ namespace, name }) => {
    const words = name.split('_');
    const longest = words.reduce((a, b) => (b.length > a.length ? b : a), '');
    if (longest.length < 5 || transpose(longest) === longest) return [];
    const typo = words.map((word) => (word === longest ? transpose(word) : word)).join('_');
    return [{ query: `${namespace} ${typo}`, expected: `${namespace}.${name}` }];
  },
);

/**
 * Requests in other words than the tool's, each leaning on at least one synonym of the built-in
 * table (remove/delete, folder/directory, ticket/issue, PR/pull request...).
 */
export const PARAPHRASE_QUERIES: readonly LabelledQuery[] = [
  { query: 'remove a folder and its contents', expected: 'filesystem.delete_directory' },
  { query: 'erase a file from disk', expected: 'filesystem.delete_file' },
  { query: 'make a new folder', expected: 'filesystem.create_directory' },
  { query: 'show what is in a folder', expected: 'filesystem.list_directory' },
  { query: 'rename a file', expected: 'filesystem.move_file' },
  { query: 'duplicate a file to another path', expected: 'filesystem.copy_file' },
  { query: 'save text into a file, overwriting it', expected: 'filesystem.write_file' },
  { query: 'locate files matching a glob pattern', expected: 'filesystem.search_files' },
  { query: 'unpack a zip archive', expected: 'filesystem.extract_archive' },
  { query: 'git history of commits', expected: 'git.git_log' },
  { query: 'compare staged changes in git', expected: 'git.git_diff_staged' },
  { query: 'make a new git branch', expected: 'git.git_create_branch' },
  { query: 'who changed each line of a file git', expected: 'git.git_blame' },
  { query: 'copy a remote git repo locally', expected: 'git.git_clone' },
  { query: 'open a github ticket', expected: 'github.create_issue' },
  { query: 'open a PR on github', expected: 'github.create_pull_request' },
  { query: 'merge a PR', expected: 'github.merge_pull_request' },
  { query: 'files changed in a PR', expected: 'github.get_pull_request_files' },
  { query: 'reply on a github ticket', expected: 'github.add_issue_comment' },
  { query: 'make a new github repo', expected: 'github.create_repository' },
  { query: 'find repos on github by topic', expected: 'github.search_repositories' },
  { query: 'approve a PR review', expected: 'github.create_pull_request_review' },
  { query: 'fetch logs of a github actions run', expected: 'github.get_workflow_run_logs' },
  { query: 'open a gitlab MR', expected: 'gitlab.create_merge_request' },
  { query: 'gitlab CI job history output', expected: 'gitlab.get_pipeline_job_log' },
  { query: 'send a chat message to a slack room', expected: 'slack.post_message' },
  { query: 'show slack rooms', expected: 'slack.list_channels' },
  { query: 'slack DM a person', expected: 'slack.send_direct_message' },
  { query: 'erase a slack message', expected: 'slack.delete_message' },
  { query: 'modify a slack message text', expected: 'slack.update_message' },
  { query: 'look up slack member profile', expected: 'slack.get_user_profile' },
  { query: 'show postgres table columns', expected: 'postgres.describe_table' },
  { query: 'postgres slowest queries', expected: 'postgres.get_top_queries' },
  { query: 'sqlite remove a table', expected: 'sqlite.drop_table' },
  { query: 'sqlite modify rows with update statement', expected: 'sqlite.write_query' },
  { query: 'redis remove keys', expected: 'redis.delete' },
  { query: 'redis fetch a value by key', expected: 'redis.get' },
  { query: 'mongodb remove documents matching filter', expected: 'mongodb.delete_many' },
  { query: 'mongodb collection structure', expected: 'mongodb.collection_schema' },
  { query: 'puppeteer capture page image', expected: 'puppeteer.puppeteer_screenshot' },
  { query: 'visit a url in the browser with playwright', expected: 'playwright.browser_navigate' },
  { query: 'playwright press a button element', expected: 'playwright.browser_click' },
  {
    query: 'attach files in the browser upload dialog',
    expected: 'playwright.browser_file_upload',
  },
  { query: 'retrieve a web page as markdown', expected: 'fetch.fetch' },
  { query: 'knowledge graph remove entities', expected: 'memory.delete_entities' },
  { query: 'what is the clock in Tokyo timezone', expected: 'time.get_current_time' },
  { query: 'mail someone a message', expected: 'gmail.send_email' },
  { query: 'find mail in my inbox', expected: 'gmail.search_emails' },
  { query: 'schedule a meeting with attendees', expected: 'gcal.create_event' },
  { query: 'cancel and remove a calendar meeting', expected: 'gcal.delete_event' },
  { query: 'jira make a bug ticket', expected: 'jira.jira_create_issue' },
  { query: 'jira note on a ticket', expected: 'jira.jira_add_comment' },
  { query: 'linear find tickets', expected: 'linear.linear_search_issues' },
  { query: 'notion add a page', expected: 'notion.notion_create_page' },
  { query: 's3 upload a file to a bucket', expected: 's3.put_object' },
  { query: 's3 remove an object', expected: 's3.delete_object' },
  { query: 'share an s3 file with a temporary link', expected: 's3.presign_url' },
  { query: 'halt a docker container', expected: 'docker.stop_container' },
  { query: 'show docker container output history', expected: 'docker.container_logs' },
  { query: 'kubernetes pod logs', expected: 'kubernetes.kubectl_logs' },
  {
    query: 'kubernetes change replica count of a deployment',
    expected: 'kubernetes.kubectl_scale',
  },
  { query: 'stripe refund a charge', expected: 'stripe.create_refund' },
  { query: 'stripe add a new client', expected: 'stripe.create_customer' },
  { query: 'weather forecast for coordinates', expected: 'weather.get_forecast' },
  { query: 'address to coordinates', expected: 'maps.maps_geocode' },
  { query: 'execute a shell command', expected: 'shell.run_command' },
  { query: 'kill a running process', expected: 'shell.kill_process' },
  { query: 'discord post a message to a room', expected: 'discord.send_message' },
  { query: 'todoist mark task done complete', expected: 'todoist.todoist_complete_task' },
  { query: 'figma download pictures', expected: 'figma.download_figma_images' },
];
