// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {IProviderRegistry} from "../../../../src/interfaces/IProviderRegistry.sol";
import {Errors} from "../../../../src/libraries/Errors.sol";
import {ProviderRegistry_Unit_Test} from "../ProviderRegistry.t.sol";

contract ProviderRegistry_Rate_Unit_Test is ProviderRegistry_Unit_Test {
    function test_RevertWhen_CallerNotRouter() external {
        vm.expectRevert(abi.encodeWithSelector(Errors.ProviderRegistry_NotRouter.selector, client));
        vm.prank(client);
        registry.rate(provider, 5);
    }

    function test_RevertWhen_StarsZero() external whenCallerRouter {
        vm.expectRevert(abi.encodeWithSelector(Errors.ProviderRegistry_InvalidRating.selector, 0));
        vm.prank(address(router));
        registry.rate(provider, 0);
    }

    function test_RevertWhen_StarsAboveFive() external whenCallerRouter {
        vm.expectRevert(abi.encodeWithSelector(Errors.ProviderRegistry_InvalidRating.selector, 6));
        vm.prank(address(router));
        registry.rate(provider, 6);

        vm.expectRevert(abi.encodeWithSelector(Errors.ProviderRegistry_InvalidRating.selector, 255));
        vm.prank(address(router));
        registry.rate(provider, type(uint8).max);
    }

    function test_WhenStarsOneToFive() external whenCallerRouter {
        IProviderRegistry.Reputation memory expected;
        for (uint8 stars = 1; stars <= 5; ++stars) {
            expected.ratingCount += 1;
            expected.ratingSum += stars;
            vm.expectEmit({emitter: address(registry)});
            emit IProviderRegistry.ReputationChanged(provider, expected);
            vm.prank(address(router));
            registry.rate(provider, stars);
        }
        _assertEq(registry.reputationOf(provider), expected);
        assertEq(expected.ratingSum, 15, "ratingSum");
    }

    function testFuzz_WhenStarsOneToFive(address rated, uint8 stars) external whenCallerRouter {
        stars = uint8(_bound(stars, 1, 5));
        IProviderRegistry.Reputation memory expected;
        expected.ratingCount = 1;
        expected.ratingSum = stars;
        vm.expectEmit({emitter: address(registry)});
        emit IProviderRegistry.ReputationChanged(rated, expected);
        vm.prank(address(router));
        registry.rate(rated, stars);
        _assertEq(registry.reputationOf(rated), expected);
    }
}
