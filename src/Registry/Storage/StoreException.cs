namespace Hotswap.Registry.Storage;

/// <summary>The store could not be reached or refused an operation; the message names the store and the key.</summary>
public class StoreException(string message, Exception? inner = null) : Exception(message, inner);

/// <summary>A conditional write lost against another writer.</summary>
public sealed class ConcurrentUpdateException(string message) : StoreException(message);
