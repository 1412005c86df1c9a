package dev.sealdex.engine.store;

class MemoryStoreTest extends StoreContractTest {

    @Override
    protected Store newStore() {
        return new MemoryStore();
    }
}
