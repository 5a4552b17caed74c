// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {Errors} from "../../../src/libraries/Errors.sol";
import {RouterTest} from "../../unit/compute-router/shared/RouterTest.sol";

contract Rate_Fuzz_Test is RouterTest {
    function testFuzz_Rate_Stars(uint8 stars, bool resolved) external {
        bytes32 jobId = resolved ? _resolvedJob(true) : _releasedJob(true);
        bool valid = stars >= 1 && stars <= 5;
        if (!valid) {
            vm.expectRevert(abi.encodeWithSelector(Errors.ProviderRegistry_InvalidRating.selector, stars));
        }
        vm.prank(client);
        router.rate(jobId, SALT, stars);

        assertEq(router.getJob(jobId).rated, valid, "record.rated");
        assertEq(registry.reputationOf(provider).ratingCount, valid ? 1 : 0, "ratingCount");
        assertEq(registry.reputationOf(provider).ratingSum, valid ? stars : 0, "ratingSum");
    }
}
