'use strict';

// s3rver 3.7.1 writes an object's body in place (truncate, then write) and its md5 and metadata in separate files
// after it, and answers the PUT before the body is on disk. A GET during a PUT can then pair one body with another's
// ETag, and two PUTs of one key at once can leave that pair on disk for good: the SDK fails every later read with
// "Expected hash not equal to calculated hash". S3 makes each PUT atomic, and a fleet's hosts do write
// model_list.json at the same moment (two guards rolling back one swap). This launcher gives s3rver's filesystem
// store S3's atomicity (per key: a body is written to a temporary file and renamed into place, and its metadata and
// rename, every read and every delete of that key take turns) and then runs s3rver's own command line with the arguments it was given.
const crypto = require('crypto');
const fs = require('fs-extra');
const path = require('path');
const FilesystemStore = require('s3rver/lib/stores/filesystem');

const original = {
  getObject: FilesystemStore.prototype.getObject,
  getMetadata: FilesystemStore.prototype.getMetadata,
  putMetadata: FilesystemStore.prototype.putMetadata,
  deleteObject: FilesystemStore.prototype.deleteObject,
};
const turns = new Map();

function inTurn(bucket, key, work) {
  const id = `${bucket}/${key}`;
  const run = (turns.get(id) || Promise.resolve()).then(work);
  const settled = run.then(() => {}, () => {});
  turns.set(id, settled);
  settled.then(() => {
    if (turns.get(id) === settled) turns.delete(id);
  });
  return run;
}

function temporaryBeside(target) {
  return `${target}.${crypto.randomBytes(8).toString('hex')}.tmp`;
}

async function writeBody(target, content) {
  const temporary = temporaryBeside(target);
  const md5 = crypto.createHash('md5');
  let size = 0;
  await new Promise((resolve, reject) => {
    const file = fs.createWriteStream(temporary).on('error', reject).on('close', resolve);
    if (Buffer.isBuffer(content)) {
      md5.update(content);
      size = content.length;
      file.end(content);
      return;
    }

    content
      .on('error', reject)
      .on('data', chunk => {
        md5.update(chunk);
        size += chunk.length;
      })
      .pipe(file);
  });
  return { temporary, size, md5: md5.digest('hex') };
}

FilesystemStore.prototype.putObject = function putObject(object) {
  const objectPath = this.getResourcePath(object.bucket, object.key, 'object');
  return fs.mkdirp(path.dirname(objectPath))
    .then(() => writeBody(objectPath, object.content))
    .then(body => inTurn(object.bucket, object.key, async () => {
      await original.putMetadata.call(this, object.bucket, object.key, object.metadata, body.md5);
      await fs.rename(body.temporary, objectPath);
      return { size: body.size, md5: body.md5 };
    }));
};

// getObject reads the metadata through this.getMetadata: it runs on a view whose getMetadata takes no turn of its own.
FilesystemStore.prototype.getObject = function getObject(bucket, key, options) {
  const view = Object.create(this, { getMetadata: { value: original.getMetadata } });
  return inTurn(bucket, key, () => original.getObject.call(view, bucket, key, options));
};

FilesystemStore.prototype.getMetadata = function getMetadata(bucket, key) {
  return inTurn(bucket, key, () => original.getMetadata.call(this, bucket, key));
};

FilesystemStore.prototype.deleteObject = function deleteObject(bucket, key) {
  return inTurn(bucket, key, () => original.deleteObject.call(this, bucket, key));
};

require('s3rver/bin/s3rver.js');
