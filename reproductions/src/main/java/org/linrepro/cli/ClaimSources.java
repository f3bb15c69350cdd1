package org.linrepro.cli;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.linrepro.claim.ClaimCatalog;
import picocli.CommandLine.Option;

/**
 * The {@code --claims DIR} option of every command that reads claims: user claim files loaded next to the built-in
 * ones (and those of {@code LINREPRO_CLAIMS}), with the same checks.
 */
final class ClaimSources {
    @Option(names = "--claims", paramLabel = "DIR",
            description = "also load the claim files (*.json, recursively) under DIR; repeatable. "
                    + "$LINREPRO_CLAIMS (a path list) does the same")
    List<Path> dirs = new ArrayList<>();

    ClaimCatalog catalog() {
        return ClaimCatalog.load(dirs);
    }
}
