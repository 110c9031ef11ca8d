export { CommentThread } from './components/comment-thread';
