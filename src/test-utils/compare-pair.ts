/**
 * The hand-written pair the compare tests share (model DSL, test-utils/model-dsl.ts):
 * A is a fresh connection, B the same syscall without the connect part, in another task.
 */
export const FRESH_CONNECTION_DSL = `
curl-1 0 0  | sys {
curl-1 0 1  |   connect {
curl-1 0 2  |     tcp_v4_connect 3
curl-1 0 6  |   } 5
curl-1 0 7  |   sendmsg 2
curl-1 0 10 | } 10
`;

export const ESTABLISHED_DSL = `
nc-2 1 0  | sys {
nc-2 1 1  |   sendmsg 4
nc-2 1 6  | } 6
nc-2 1 10 | sys {
nc-2 1 11 |   sendmsg 2
nc-2 1 12 |   recvmsg 1
nc-2 1 16 | } 6
`;
